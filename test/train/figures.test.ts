// Tests of the figures a model scores: a classifier's counts and matrix, a regressor's errors and R² against their definitions.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classificationFigures, regressionFigures } from '../../src/train/figures.js';
import { fcOptions } from '../support/fc.js';

describe('classificationFigures', () => {
  it('counts the rows whose predicted class is their label, and each (label, prediction) pair in the matrix', () => {
    const figures = classificationFigures(Int32Array.of(0, 1, 1, 2), Int32Array.of(0, 1, 2, 2), ['-1', 'b', '3']);
    expect(figures).toEqual({ task: 'classification', accuracy: 0.75, correct: 3, samples: 4, classes: 3, labels: [-1, 'b', 3], confusion_matrix: [[1, 0, 0], [0, 1, 0], [0, 1, 1]] });
  });
});

describe('regressionFigures', () => {
  it('exact predictions have no error and R² 1; predicting each target\'s mean has R² 0', () => {
    expect(regressionFigures([1, 2, 3, 4], [1, 2, 3, 4], 4, 1)).toEqual({ task: 'regression', rmse: 0, mae: 0, r2: 1, samples: 4 });
    expect(regressionFigures([2.5, 2.5, 2.5, 2.5], [1, 2, 3, 4], 4, 1).r2).toBe(0);
  });

  it('R² of several targets is the mean of each target\'s own; RMSE and MAE run over every value', () => {
    // Target 0 exact (R² 1), target 1 at its mean (R² 0).
    const figures = regressionFigures([1, 5, 3, 5], [1, 4, 3, 6], 2, 2);
    expect(figures.r2).toBe(0.5);
    expect(figures.rmse).toBe(Math.sqrt(2 / 4));
    expect(figures.mae).toBe(2 / 4);
  });

  it('RMSE is at least MAE, and both are 0 only for exact predictions', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: -100, max: 100 })), { minLength: 1, maxLength: 30 }), (pairs) => {
        const { rmse, mae } = regressionFigures(pairs.map(([p]) => p), pairs.map(([, t]) => t), pairs.length, 1);
        expect(rmse).toBeGreaterThanOrEqual(mae - 1e-12);
        expect(mae === 0).toBe(pairs.every(([p, t]) => p === t));
      }),
      fcOptions(100),
    );
  });
});
