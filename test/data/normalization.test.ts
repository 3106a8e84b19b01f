// Tests of feature normalisation: fitted on training rows alone, JSON round trips, each kind's formula, and its affine form.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDataset, type Dataset } from '../../src/data/dataset.js';
import { isIdentityAffine } from '../../src/data/column-affine.js';
import { type Normalization, applyNormalization, featureAffine, fitNormalization, parseNormalization } from '../../src/data/normalization.js';
import { splitDataset } from '../../src/data/split-dataset.js';
import { syntheticDigits } from '../../src/data/synthetic-digits.js';
import { UserError } from '../../src/errors.js';
import { Random } from '../../src/tensor/random.js';
import type { FittedNormalizeName } from '../../src/data/normalization.js';
import { fcOptions } from '../support/fc.js';

const kinds: FittedNormalizeName[] = ['none', 'max', 'standard', 'minmax'];

/** Small datasets with moderate float32 features. */
const datasets: fc.Arbitrary<Dataset> = fc
  .record({ count: fc.integer({ min: 1, max: 8 }), featureCount: fc.integer({ min: 1, max: 4 }) })
  .chain(({ count, featureCount }) =>
    fc
      .array(fc.double({ min: -100, max: 100, noNaN: true }).map(Math.fround), {
        minLength: count * featureCount,
        maxLength: count * featureCount,
      })
      .map((values) => makeDataset(Float32Array.from(values), new Int32Array(count), featureCount, 'gen')),
  );

describe('normalization', () => {
  it('max gives 16 on digits-like data, and 1 where every feature is 0', () => {
    expect(fitNormalization(syntheticDigits(200, 1), 'max')).toEqual({ kind: 'max', scale: 16 });
    expect(fitNormalization(makeDataset(new Float32Array(4), new Int32Array(2), 2, 'z'), 'max')).toEqual({ kind: 'max', scale: 1 });
    expect(fitNormalization(makeDataset(Float32Array.from([3, -7]), new Int32Array(2), 1, 'n'), 'max')).toEqual({ kind: 'max', scale: 7 });
  });

  it('fitted on the training split, it ignores the test rows: scaling them changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 60 }), fc.nat(), fc.constantFrom<FittedNormalizeName>('max', 'standard', 'minmax'), (count, seed, kind) => {
        // Feature 0 holds the row's index, so that the test rows can be found in the original.
        const original = syntheticDigits(count, seed);
        for (let r = 0; r < count; r++) original.features[r * original.featureCount] = r;
        const { train, test } = splitDataset(original, 0.3, Random.stream(seed, 'split'));
        const fitted = fitNormalization(train, kind);

        const altered = { ...original, features: original.features.slice() };
        for (let t = 0; t < test.count; t++) {
          const row = test.features[t * test.featureCount];
          for (let j = 1; j < altered.featureCount; j++) altered.features[row * altered.featureCount + j] *= 1000;
        }
        const again = splitDataset(altered, 0.3, Random.stream(seed, 'split'));
        expect(fitNormalization(again.train, kind)).toEqual(fitted);
        expect(fitNormalization(altered, kind)).not.toEqual(fitted);
      }),
      fcOptions(30),
    );
  });

  it('a fitted normalisation survives JSON and parses back to itself', () => {
    fc.assert(
      fc.property(datasets, fc.constantFrom(...kinds), (train, kind) => {
        const norm = fitNormalization(train, kind);
        expect(parseNormalization(JSON.parse(JSON.stringify(norm)), 'model.json')).toEqual(norm);
      }),
      fcOptions(50),
    );
  });

  it('standard: each feature of the training set gets mean ≈ 0 and std ≈ 1 (or stays centred when constant)', () => {
    fc.assert(
      fc.property(datasets, (train) => {
        const out = applyNormalization(fitNormalization(train, 'standard'), train);
        const width = train.featureCount;
        for (let j = 0; j < width; j++) {
          let sum = 0;
          let squares = 0;
          for (let r = 0; r < train.count; r++) sum += out.features[r * width + j];
          const mean = sum / train.count;
          for (let r = 0; r < train.count; r++) squares += (out.features[r * width + j] - mean) ** 2;
          const std = Math.sqrt(squares / train.count);
          expect(Math.abs(mean)).toBeLessThan(1e-5);
          expect(std < 1e-6 || Math.abs(std - 1) < 1e-5).toBe(true);
        }
      }),
      fcOptions(100),
    );
  });

  it('uses std 1 for a constant feature and the population std elsewhere', () => {
    const train = makeDataset(Float32Array.from([5, 1, 5, 3]), new Int32Array(2), 2, 't');
    expect(fitNormalization(train, 'standard')).toEqual({ kind: 'standard', mean: [5, 2], std: [1, 1] });
    const out = applyNormalization({ kind: 'standard', mean: [5, 2], std: [1, 1] }, train);
    expect(Array.from(out.features)).toEqual([0, -1, 0, 1]);
  });

  it('minmax: each feature of the training set spans [0, 1] exactly, and a constant one becomes 0, never NaN', () => {
    fc.assert(
      fc.property(datasets, (train) => {
        const out = applyNormalization(fitNormalization(train, 'minmax'), train);
        const width = train.featureCount;
        for (let j = 0; j < width; j++) {
          const column = Array.from({ length: train.count }, (_, r) => out.features[r * width + j]);
          const constant = Array.from({ length: train.count }, (_, r) => train.features[r * width + j]).every((v) => v === train.features[j]);
          expect(column.every((v) => v >= 0 && v <= 1)).toBe(true);
          // == rather than Object.is: a −0 input stays −0.
          expect(Math.min(...column) === 0).toBe(true);
          expect(Math.max(...column) === (constant ? 0 : 1)).toBe(true);
        }
      }),
      fcOptions(100),
    );
  });

  it('minmax uses range 1 for a constant feature and max − min elsewhere', () => {
    const train = makeDataset(Float32Array.from([5, 1, 5, 3]), new Int32Array(2), 2, 't');
    expect(fitNormalization(train, 'minmax')).toEqual({ kind: 'minmax', min: [5, 1], range: [1, 2] });
    expect(Array.from(applyNormalization({ kind: 'minmax', min: [5, 1], range: [1, 2] }, train).features)).toEqual([0, 0, 0, 1]);
  });

  it('max divides by the scale; none copies; neither changes the input', () => {
    const data = makeDataset(Float32Array.from([16, 8, 0, 4]), new Int32Array(2), 2, 'd');
    const scaled = applyNormalization({ kind: 'max', scale: 16 }, data);
    expect(Array.from(scaled.features)).toEqual([1, 0.5, 0, 0.25]);
    const copied = applyNormalization({ kind: 'none' }, data);
    expect(copied.features).not.toBe(data.features);
    expect(Array.from(copied.features)).toEqual([16, 8, 0, 4]);
    expect(Array.from(data.features)).toEqual([16, 8, 0, 4]);
  });

  it('refuses data of another width and malformed saved normalisations', () => {
    const data = makeDataset(new Float32Array(3), new Int32Array(1), 3, 'wide.csv');
    expect(() => applyNormalization({ kind: 'standard', mean: [0], std: [1] }, data)).toThrow(
      'the normalisation was fitted to 1 features, but wide.csv has 3',
    );
    const bad: unknown[] = [
      null,
      {},
      { kind: 'max' },
      { kind: 'max', scale: 0 },
      { kind: 'standard', mean: [1], std: [0] },
      { kind: 'minmax', min: [1], range: [0] },
      { kind: 'minmax', min: [1, 2], range: [1] },
      { kind: 'zscore' },
    ];
    for (const value of bad) expect(() => parseNormalization(value, 'model.json')).toThrow(UserError);
    expect(() => parseNormalization({ kind: 'zscore' }, 'model.json')).toThrow('model.json: normalisation kind "zscore" is not one of');
  });
});

/** Feature `j` of value `x` under `norm`, by the formula its kind documents, in float64. */
function documented(norm: Normalization, x: number, j: number): number {
  switch (norm.kind) {
    case 'none':
      return x;
    case 'max':
      return x / norm.scale;
    case 'standard':
      return (x - norm.mean[j]) / norm.std[j];
    case 'minmax':
      return (x - norm.min[j]) / norm.range[j];
  }
}

describe('featureAffine', () => {
  it("for every kind, applyNormalization through the affine form gives f32 of the kind's own formula, bit for bit", () => {
    fc.assert(
      fc.property(datasets, fc.constantFrom(...kinds), (data, kind) => {
        const norm = fitNormalization(data, kind);
        const width = data.featureCount;
        const expected = Array.from(data.features, (x, i) => Math.fround(documented(norm, x, i % width)));
        expect(Array.from(applyNormalization(norm, data).features)).toEqual(expected);
      }),
      fcOptions(200),
    );
  });

  it('none is the identity map, and max and standard are not', () => {
    expect(isIdentityAffine(featureAffine({ kind: 'none' }, 3))).toBe(true);
    expect(isIdentityAffine(featureAffine({ kind: 'max', scale: 2 }, 3))).toBe(false);
    expect(isIdentityAffine(featureAffine({ kind: 'standard', mean: [0, 1], std: [1, 1] }, 2))).toBe(false);
  });

  it('a per-feature normalisation asked for another width is a RangeError (callers check fittedFeatures first)', () => {
    expect(() => featureAffine({ kind: 'standard', mean: [0, 0, 0], std: [1, 1, 1] }, 2)).toThrow(RangeError);
    expect(() => featureAffine({ kind: 'minmax', min: [0], range: [1] }, 2)).toThrow(RangeError);
  });
});
