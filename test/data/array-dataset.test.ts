// Tests of rows given as arrays: the same matrix from rows or a typed array, labels mapped as a table's, and each refusal naming its field.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ArrayData, arrayDataset, arrayRegressionDataset, featureMatrix, valueRows } from '../../src/data/array-dataset.js';
import { fcOptions } from '../support/fc.js';
import { userErrorOf } from '../support/user-error.js';

const names = { features: 'f', shape: 's' };

describe('featureMatrix', () => {
  it('rows of arrays and one Float64Array with its shape give the same float32 matrix, row-major', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 36, maxLength: 36 }), (rows, width, pool) => {
          const values = pool.slice(0, rows * width);
          const asRows = Array.from({ length: rows }, (_, r) => values.slice(r * width, (r + 1) * width));
          const fromRows = featureMatrix({ features: asRows }, names);
          const fromTyped = featureMatrix({ features: Float64Array.from(values), shape: [rows, width] }, names);
          expect(fromRows).toEqual({ features: Float32Array.from(values), count: rows, width });
          expect(fromTyped).toEqual(fromRows);
        },
      ),
      fcOptions(100),
    );
  });

  it('takes rows that are typed arrays, and no rows at all', () => {
    expect(featureMatrix({ features: [Float32Array.of(1, 2), [3, 4]] }, names)).toEqual({ features: Float32Array.of(1, 2, 3, 4), count: 2, width: 2 });
    expect(featureMatrix({ features: [] }, names)).toEqual({ features: new Float32Array(0), count: 0, width: 0 });
  });

  it('refuses, naming the field and index: a ragged row, a value that is not a finite number, one past float32, a shape that does not fit', () => {
    expect(userErrorOf(() => featureMatrix({ features: [[1, 2], [3]] }, names))).toBe('f[1] has 1 values, but row 0 has 2');
    expect(userErrorOf(() => featureMatrix({ features: [[1, 2], [3, Number.NaN]] }, names))).toBe('f[1][1] is NaN: features must be finite numbers');
    const text: unknown = [[1, '2']];
    expect(userErrorOf(() => featureMatrix({ features: text as number[][] }, names))).toBe('f[0][1] is "2": features must be finite numbers');
    expect(userErrorOf(() => featureMatrix({ features: [[1, 1e39]] }, names))).toBe('f[0][1] is too large for float32 (beyond ±3.4e38)');
    expect(userErrorOf(() => featureMatrix({ features: [[]] }, names))).toBe('f[0] is empty: a row needs at least one feature');
    expect(userErrorOf(() => featureMatrix({ features: new Float64Array(6), shape: [4, 2] }, names))).toBe('s [4, 2] needs 8 values, but f holds 6');
    expect(userErrorOf(() => featureMatrix({ features: Float64Array.of(1, Infinity), shape: [1, 2] }, names))).toBe('f[1] (row 0, column 1) is Infinity: features must be finite numbers');
    const noShape: unknown = { features: new Float32Array(4) };
    expect(userErrorOf(() => featureMatrix(noShape as { features: Float32Array; shape: [number, number] }, names))).toMatch(/^s must be \[rows, columns\], two whole numbers, beside a typed array of features, got undefined$/);
    const numbers: unknown = [1, 2, 3];
    expect(userErrorOf(() => featureMatrix({ features: numbers as number[][] }, names))).toBe('f[0] must be an array of numbers (one row), got 1');
  });
});

describe('arrayDataset', () => {
  const features = [[0], [1], [2], [3]];

  it('maps labels to outputs as a table\'s are: numbers by value, text by code point, 3 and "3" one class', () => {
    expect(arrayDataset({ features, targets: [10, 2, 10, -1] }, 'd')).toMatchObject({ classes: ['-1', '2', '10'], labels: Int32Array.of(2, 1, 2, 0), classCount: 3, count: 4, featureCount: 1, source: 'd' });
    expect(arrayDataset({ features, targets: ['b', 'a', 'B', 'a'] }, 'd')).toMatchObject({ classes: ['B', 'a', 'b'], labels: Int32Array.of(2, 1, 0, 1) });
    expect(arrayDataset({ features, targets: [3, '3', 1, '1.0'] }, 'd')).toMatchObject({ classes: ['1', '3'], labels: Int32Array.of(1, 1, 0, 0) });
    expect(arrayDataset({ features, targets: Uint8Array.of(0, 1, 1, 0) }, 'd')).toMatchObject({ classes: ['0', '1'], labels: Int32Array.of(0, 1, 1, 0) });
  });

  it('with known classes, maps each label to one of them and refuses one that is none, naming its index', () => {
    const test: ArrayData = { features: [[5], [6]], targets: ['b', 'a'] };
    expect(arrayDataset(test, 'config.test', ['a', 'b', 'c']).labels).toEqual(Int32Array.of(1, 0));
    expect(userErrorOf(() => arrayDataset({ features: [[5], [6]], targets: ['b', 'z'] }, 'config.test', ['a', 'b'], 'the training classes'))).toBe(
      'config.test.targets[1]: class "z" is not one of the training classes ("a", "b")',
    );
  });

  it('refuses labels that do not fit the rows, a label that is no label, and no rows, naming the field', () => {
    expect(userErrorOf(() => arrayDataset({ features, targets: [1, 2] }, 'config.data'))).toBe('config.data.targets holds 2 labels for the 4 rows of config.data.features');
    const odd: unknown = [1, 2, null, 3];
    expect(userErrorOf(() => arrayDataset({ features, targets: odd as number[] }, 'config.data'))).toBe('config.data.targets[2] is null: a class label is text or a finite number');
    expect(userErrorOf(() => arrayDataset({ features: [], targets: [] }, 'config.data'))).toBe('config.data.features has no rows');
    const many = Array.from({ length: 50 }, (_, r) => r / 7);
    expect(userErrorOf(() => arrayDataset({ features: many.map((v) => [v]), targets: many }, 'config.data'))).toMatch(
      /^config\.data: the target column config\.data\.targets has 50 distinct values in 50 rows: values, not class labels; numeric targets are regression's/,
    );
  });
});

describe('valueRows', () => {
  it('reads one value per row from numbers or a typed array, and rows of values from a list of rows', () => {
    expect(valueRows([1.5, -2], 2, 1, 't')).toEqual(Float64Array.of(1.5, -2));
    expect(valueRows(Float32Array.of(1, 2), 2, 1, 't')).toEqual(Float64Array.of(1, 2));
    expect(valueRows([[1, 2], [3, 4]], 2, 2, 't')).toEqual(Float64Array.of(1, 2, 3, 4));
  });

  it('refuses targets that do not fit the rows or the model, or are not finite, naming the index', () => {
    expect(userErrorOf(() => valueRows([1], 2, 1, 't'))).toBe('t holds 1 targets for 2 rows');
    expect(userErrorOf(() => valueRows([1, 2], 2, 2, 't'))).toBe('t[0] is 1, but the model predicts 2 values per row');
    expect(userErrorOf(() => valueRows([[1, Number.NaN]], 1, 2, 't'))).toBe('t[0][1] is NaN: targets must be finite numbers');
    expect(userErrorOf(() => valueRows([Infinity], 1, 1, 't'))).toBe('t[0] is Infinity: targets must be finite numbers');
  });
});

describe('arrayRegressionDataset', () => {
  it('numeric targets make a regression dataset: one target per row from numbers or a typed array, as many as the first row has from rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 15, maxLength: 15 }), (rows, width, pool) => {
        const features = Array.from({ length: rows }, (_, r) => [r, -r]);
        const targets = Array.from({ length: rows }, (_, r) => pool.slice(r * width, (r + 1) * width));
        const data = arrayRegressionDataset({ features, targets }, 'd');
        expect(data).toMatchObject({ task: 'regression', count: rows, featureCount: 2, targetCount: width, source: 'd' });
        expect(data.targets).toEqual(Float32Array.from(targets.flat()));
        if (width === 1) expect(arrayRegressionDataset({ features, targets: Float64Array.from(targets.flat()) }, 'd')).toEqual(data);
      }),
      fcOptions(50),
    );
  });

  it('refuses rows of another width, class labels and targets beyond float32, naming the index', () => {
    expect(userErrorOf(() => arrayRegressionDataset({ features: [[1], [2]], targets: [[1, 2], [3]] }, 'd'))).toBe('d.targets[1] is an array of 1, but d.targets[0] has 2');
    expect(userErrorOf(() => arrayRegressionDataset({ features: [[1], [2]], targets: untyped<number[]>(['a', 'b']) }, 'd'))).toBe('d.targets[0] is "a": a target is a number, or a row of numbers');
    expect(userErrorOf(() => arrayRegressionDataset({ features: [[1], [2]], targets: [[0, 1], [1, -1e39]] }, 'd'))).toBe('d.targets[1][1] is too large for float32 (beyond ±3.4e38)');
    expect(userErrorOf(() => arrayRegressionDataset({ features: [], targets: [] }, 'd'))).toBe('d.features has no rows');
  });
});

/** A value of the wrong type where a field wants `T`, as a program without types may pass it. */
function untyped<T>(value: unknown): T {
  return value as T;
}
