// Tests of the dataset helpers: row subsets and the construction checks.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDataset, makeRegressionDataset, outputCount, subsetDataset } from '../../src/data/dataset.js';
import { fcOptions } from '../support/fc.js';

describe('dataset', () => {
  it('row r of a subset is row indices[r] of the original', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 4 }), fc.array(fc.nat()), (count, width, picks) => {
        const features = Float32Array.from({ length: count * width }, (_, i) => i);
        const labels = Int32Array.from({ length: count }, (_, r) => r % 4);
        const data = makeDataset(features, labels, width, 'd');
        const indices = picks.map((p) => p % count);
        const part = subsetDataset(data, indices);
        expect(part.count).toBe(indices.length);
        expect(part.classCount).toBe(data.classCount);
        for (let r = 0; r < indices.length; r++) {
          expect(part.labels[r]).toBe(labels[indices[r]]);
          expect(Array.from(part.features.subarray(r * width, (r + 1) * width))).toEqual(
            Array.from(features.subarray(indices[r] * width, (indices[r] + 1) * width)),
          );
        }
      }),
      fcOptions(100),
    );
  });

  it('refuses rows out of range, lengths that disagree and negative labels', () => {
    const data = makeDataset(new Float32Array(4), Int32Array.from([0, 2]), 2, 'd');
    expect(data.classCount).toBe(3);
    expect(() => subsetDataset(data, [2])).toThrow(RangeError);
    expect(() => makeDataset(new Float32Array(5), new Int32Array(2), 2, 'd')).toThrow(RangeError);
    expect(() => makeDataset(new Float32Array(2), Int32Array.from([-1]), 2, 'd')).toThrow(RangeError);
    expect(() => makeDataset(new Float32Array(4), new Int32Array(2), 2, 'd', Int32Array.of(1))).toThrow(RangeError);
  });

  it('a subset keeps the file line of each row it picks, and has none when the original has none', () => {
    const data = makeDataset(new Float32Array(3), Int32Array.from([0, 1, 2]), 1, 'd.csv', Int32Array.from([2, 4, 5]));
    expect(Array.from(subsetDataset(data, [2, 0, 2]).lines ?? [])).toEqual([5, 2, 5]);
    expect(subsetDataset(makeDataset(new Float32Array(3), new Int32Array(3), 1, 'd'), [1])).not.toHaveProperty('lines');
  });

  it('a feature count that is not a positive integer is refused', () => {
    expect(() => makeDataset(new Float32Array(3), new Int32Array(2), 1.5, 'x')).toThrow('makeDataset: featureCount must be a positive integer, got 1.5');
  });
});

describe('regression datasets', () => {
  it('row r of a subset has the targets of row indices[r], and keeps the target names', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.nat()), (count, width, picks) => {
        const targets = Float32Array.from({ length: count * width }, (_, i) => i / 2);
        const data = makeRegressionDataset(new Float32Array(count), targets, 1, 'd', { targetCount: width });
        const indices = picks.map((p) => p % count);
        const part = subsetDataset(data, indices);
        expect(part.task).toBe('regression');
        expect(part.targetNames).toBe(data.targetNames);
        for (let r = 0; r < indices.length; r++) {
          expect(Array.from(part.targets.subarray(r * width, (r + 1) * width))).toEqual(Array.from(targets.subarray(indices[r] * width, (indices[r] + 1) * width)));
        }
      }),
      fcOptions(100),
    );
  });

  it('has one output per target; targets that do not fill whole rows, or are not finite, are refused', () => {
    const data = makeRegressionDataset(new Float32Array(4), Float32Array.of(1, 2, 3, 4), 2, 'd', { targetNames: ['y', 'z'] });
    expect([data.count, data.targetCount, outputCount(data)]).toEqual([2, 2, 2]);
    expect(outputCount(makeDataset(new Float32Array(2), Int32Array.of(0, 2), 1, 'c'))).toBe(3);
    expect(() => makeRegressionDataset(new Float32Array(2), Float32Array.of(1, 2, 3), 1, 'd', { targetCount: 2 })).toThrow(RangeError);
    expect(() => makeRegressionDataset(new Float32Array(1), Float32Array.of(Number.NaN), 1, 'd')).toThrow('makeRegressionDataset: target 0 of row 0 of d is NaN');
  });
});

