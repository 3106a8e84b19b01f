// Tests of the figures a model scores: a classifier's counts, matrix and per-class report; RMSE, MAE and R² as scikit-learn computes them (per target, averaged uniformly).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRegressionDataset, makeDataset } from '../../src/data/dataset.js';
import { classificationFigures, heldOutFigures, regressionFigures, regressionScores } from '../../src/train/figures.js';
import { fcOptions } from '../support/fc.js';

describe('regressionScores', () => {
  it("scikit-learn's r2_score example: y = [3, -0.5, 2, 7], prediction [2.5, 0.0, 2, 8] scores 0.9486…; MAE 0.5; RMSE √0.375", () => {
    const scores = regressionScores([2.5, 0, 2, 8], [3, -0.5, 2, 7], 4, 1);
    expect(scores.r2).toBeCloseTo(0.9486081370449679, 12);
    expect(scores.mae).toBe(0.5);
    expect(scores.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
  });

  it('two targets average their figures uniformly (scikit-learn\'s multioutput example: R² 0.9368…)', () => {
    const actual = [0.5, 1, -1, 1, 7, -6];
    const predicted = [0, 2, -1, 2, 8, -5];
    const scores = regressionScores(predicted, actual, 3, 2);
    expect(scores.r2).toBeCloseTo(0.9368005266622779, 12);
    const first = regressionScores([0, -1, 8], [0.5, -1, 7], 3, 1);
    const second = regressionScores([2, 2, -5], [1, 1, -6], 3, 1);
    expect(scores.rmse).toBeCloseTo((first.rmse + second.rmse) / 2, 12);
    expect(scores.mae).toBeCloseTo((first.mae + second.mae) / 2, 12);
  });

  it('exact predictions score R² 1 and no error; predicting the mean scores R² 0; a constant target scores 1 only when predicted exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 20 }), (values) => {
        expect(regressionScores(values, values, values.length, 1)).toEqual({ rmse: 0, mae: 0, r2: 1 });
        const mean = values.reduce((s, v) => s + v, 0) / values.length;
        const spread = values.reduce((s, v) => s + (v - mean) ** 2, 0);
        if (spread > 1e-6) expect(regressionScores(values.map(() => mean), values, values.length, 1).r2).toBeCloseTo(0, 9);
      }),
      fcOptions(100),
    );
    expect(regressionScores([1, 2], [5, 5], 2, 1).r2).toBe(0);
    expect(regressionScores([5, 5], [5, 5], 2, 1).r2).toBe(1);
  });

  it('no rows: every figure is NaN', () => {
    expect(regressionScores([], [], 0, 2)).toEqual({ rmse: Number.NaN, mae: Number.NaN, r2: Number.NaN });
  });
});

describe('heldOutFigures', () => {
  it("maps a regression set's outputs back with the target scaling before scoring them, and means the loss per row", () => {
    const data = makeRegressionDataset(new Float32Array(2), Float32Array.of(10, 20), 1, 't');
    const figures = heldOutFigures(data, 3, 0, Float32Array.of(-1, 1), { mean: [15], std: [5] });
    expect(figures).toEqual({ task: 'regression', loss: 1.5, rmse: 0, mae: 0, r2: 1 });
  });

  it("gives a classifier's set its accuracy", () => {
    const data = makeDataset(new Float32Array(4), Int32Array.of(0, 1, 1, 0), 1, 'c');
    expect(heldOutFigures(data, 2, 3, new Float32Array(8), null)).toEqual({ task: 'classification', loss: 0.5, accuracy: 0.75 });
  });
});

describe('classificationFigures', () => {
  it('counts the rows whose predicted class is their label, and each (label, prediction) pair in the matrix', () => {
    const figures = classificationFigures(Int32Array.of(0, 1, 1, 2), Int32Array.of(0, 1, 2, 2), ['-1', 'b', '3']);
    expect(figures).toMatchObject({ task: 'classification', accuracy: 0.75, correct: 3, samples: 4, classes: 3, labels: [-1, 'b', 3], confusion_matrix: [[1, 0, 0], [0, 1, 0], [0, 1, 1]] });
  });

  it("labels each class's precision, recall, F1 and support with its original label, as classReport scores the matrix", () => {
    const figures = classificationFigures(Int32Array.of(0, 1, 1, 2), Int32Array.of(0, 1, 2, 2), ['-1', 'b', '3']);
    expect(figures.per_class.map((line) => line.label)).toEqual([-1, 'b', 3]);
    expect(figures.per_class[1]).toMatchObject({ label: 'b', precision: 0.5, recall: 1, support: 1 });
    expect(figures.per_class[2]).toMatchObject({ label: 3, precision: 1, recall: 0.5, support: 2 });
    expect(figures.per_class[2].f1).toBeCloseTo(2 / 3, 12);
    expect(figures.macro_avg.support).toBe(4);
    expect(figures.macro_avg.recall).toBeCloseTo((1 + 1 + 0.5) / 3, 12);
  });
});

describe('regressionFigures', () => {
  it('exact predictions have no error and R² 1; predicting each target\'s mean has R² 0', () => {
    expect(regressionFigures([1, 2, 3, 4], [1, 2, 3, 4], 4, 1)).toEqual({ task: 'regression', rmse: 0, mae: 0, r2: 1, samples: 4 });
    expect(regressionFigures([2.5, 2.5, 2.5, 2.5], [1, 2, 3, 4], 4, 1).r2).toBe(0);
  });

  it('RMSE, MAE and R² of several targets are the means of each target\'s own, as regressionScores gives them', () => {
    // Target 0 exact (R² 1, no error), target 1 at its mean (R² 0, errors ±1).
    const figures = regressionFigures([1, 5, 3, 5], [1, 4, 3, 6], 2, 2);
    expect(figures.r2).toBe(0.5);
    expect(figures.rmse).toBe(0.5);
    expect(figures.mae).toBe(0.5);
    expect(figures).toEqual({ task: 'regression', samples: 2, ...regressionScores([1, 5, 3, 5], [1, 4, 3, 6], 2, 2) });
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
