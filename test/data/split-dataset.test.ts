// Tests of the train/test split: sizes, a partition of the rows, determinism by seed, and file order.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClassificationDataset, makeDataset, makeRegressionDataset } from '../../src/data/dataset.js';
import { splitDataset } from '../../src/data/split-dataset.js';
import { UserError } from '../../src/errors.js';
import { Random } from '../../src/tensor/random.js';
import { fcOptions } from '../support/fc.js';

/** `count` rows whose two features are (row index, −row index), labels row mod 3. */
function indexed(count: number): ClassificationDataset {
  const features = new Float32Array(2 * count);
  const labels = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    features[2 * r] = r;
    features[2 * r + 1] = -r;
    labels[r] = r % 3;
  }
  return makeDataset(features, labels, 2, 'rows.csv');
}

/** The original row index of every row of a split part. */
function rowsOf(part: ClassificationDataset): number[] {
  return Array.from({ length: part.count }, (_, r) => part.features[2 * r]);
}

const fractions = fc.double({ min: 0, max: 0.9, noNaN: true });

describe('splitDataset', () => {
  it('holds out round(count × fraction) rows and the two parts partition the rows, each row intact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fractions, fc.option(fc.nat()), (count, fraction, seed) => {
        fc.pre(count - Math.round(count * fraction) > 0);
        const { train, test } = splitDataset(indexed(count), fraction, seed === null ? null : Random.stream(seed, 'split'));
        expect(test.count).toBe(Math.round(count * fraction));
        expect(train.count + test.count).toBe(count);
        const all = [...rowsOf(train), ...rowsOf(test)].sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: count }, (_, r) => r));
        for (const part of [train, test]) {
          for (let r = 0; r < part.count; r++) {
            expect(part.features[2 * r + 1]).toBe(-part.features[2 * r]);
            expect(part.labels[r]).toBe(part.features[2 * r] % 3);
          }
          expect(part.classCount).toBe(Math.min(count, 3));
        }
      }),
      fcOptions(100),
    );
  });

  it('the same seed gives the same split; another seed, another one', () => {
    const data = indexed(100);
    const a = splitDataset(data, 0.2, Random.stream(7, 'split'));
    const b = splitDataset(data, 0.2, Random.stream(7, 'split'));
    const c = splitDataset(data, 0.2, Random.stream(8, 'split'));
    expect(rowsOf(a.test)).toEqual(rowsOf(b.test));
    expect(rowsOf(a.train)).toEqual(rowsOf(b.train));
    expect(rowsOf(a.test)).not.toEqual(rowsOf(c.test));
  });

  it('without a Random (--no-shuffle) the first rows train and the last ones test, in file order', () => {
    const { train, test } = splitDataset(indexed(10), 0.3, null);
    expect(rowsOf(train)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(rowsOf(test)).toEqual([7, 8, 9]);
  });

  it('unstratified, the test rows are the last of the order: the permutation the seed draws, cut where round(count × fraction) says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 100 }), fractions, fc.nat(), (count, fraction, seed) => {
        fc.pre(count - Math.round(count * fraction) > 0);
        const order = Array.from(Random.stream(seed, 'split').permutation(count));
        const { train, test } = splitDataset(indexed(count), fraction, Random.stream(seed, 'split'));
        const cut = count - Math.round(count * fraction);
        expect(rowsOf(train)).toEqual(order.slice(0, cut));
        expect(rowsOf(test)).toEqual(order.slice(cut));
      }),
      fcOptions(50),
    );
  });

  it('stratified, each class keeps its share of the test rows to within one, and its rows stay in the order drawn', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 150 }), fc.double({ min: 0.05, max: 0.5, noNaN: true }), fc.option(fc.nat(), { nil: undefined }), (count, fraction, seed) => {
        const data = indexed(count);
        const { train, test } = splitDataset(data, fraction, seed === undefined ? null : Random.stream(seed, 'split'), true);
        expect(test.count).toBe(Math.round(count * fraction));
        for (let c = 0; c < 3; c++) {
          const size = Array.from(data.labels).filter((label) => label === c).length;
          const held = Array.from(test.labels).filter((label) => label === c).length;
          expect(Math.abs(held - size * fraction)).toBeLessThanOrEqual(1);
          expect(Array.from(train.labels).some((label) => label === c)).toBe(true);
        }
        const order = seed === undefined ? Array.from({ length: count }, (_, r) => r) : Array.from(Random.stream(seed, 'split').permutation(count));
        const position = new Map(order.map((row, i) => [row, i]));
        for (const part of [train, test]) {
          const at = rowsOf(part).map((row) => position.get(row) ?? -1);
          expect(at).toEqual([...at].sort((a, b) => a - b));
        }
      }),
      fcOptions(100),
    );
  });

  it('refuses a fraction outside [0, 1) and a split that leaves nothing to train on', () => {
    expect(() => splitDataset(indexed(5), 1, null)).toThrow('the test fraction 1 is not in [0, 1)');
    expect(() => splitDataset(indexed(5), -0.1, null)).toThrow(UserError);
    expect(() => splitDataset(indexed(1), 0.6, null)).toThrow('rows.csv: 1 rows leave none for training after holding out 1 for testing');
  });
});

describe('splitDataset for regression and validation', () => {
  it('splits regression rows like class rows, refuses to stratify them, and names validation in its messages', () => {
    const data = makeRegressionDataset(Float32Array.from({ length: 10 }, (_, i) => i), Float32Array.from({ length: 10 }, (_, i) => 2 * i), 1, 'r.csv');
    const { train, test } = splitDataset(data, 0.3, Random.stream(1, 'validation'), false, 'validation');
    expect([train.count, test.count]).toEqual([7, 3]);
    for (const part of [train, test]) for (let r = 0; r < part.count; r++) expect(part.targets[r]).toBe(2 * part.features[r]);
    expect(() => splitDataset(data, 0.3, null, true)).toThrow("a stratified split keeps each class's share, but r.csv holds regression targets, not classes");
    expect(() => splitDataset(makeRegressionDataset(new Float32Array(1), new Float32Array(1), 1, 'one.csv'), 0.9, null, false, 'validation')).toThrow(
      'one.csv: 1 rows leave none for training after holding out 1 for validation',
    );
  });
});

