// The per-class report from a confusion matrix, against scikit-learn's classification_report on the same predictions.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classReport } from '../../src/train/class-report.js';
import { confusionMatrix } from '../../src/train/evaluate.js';
import { fcOptions } from '../support/fc.js';

describe('classReport', () => {
  it("scikit-learn's example (y_true 0,1,2,2,2; y_pred 0,0,2,2,1): precision 0.5, 0, 1; recall 1, 0, 0.667; F1 0.667, 0, 0.8; macro 0.5, 0.556, 0.489", () => {
    const confusion = confusionMatrix(Int32Array.of(0, 0, 2, 2, 1), Int32Array.of(0, 1, 2, 2, 2), 3);
    const { perClass, macro } = classReport(confusion);
    expect(perClass.map((c) => c.precision)).toEqual([0.5, 0, 1]);
    expect(perClass.map((c) => c.recall)).toEqual([1, 0, 2 / 3]);
    expect(perClass[0].f1).toBeCloseTo(2 / 3, 12);
    expect(perClass[2].f1).toBeCloseTo(0.8, 12);
    expect(perClass.map((c) => c.support)).toEqual([1, 1, 3]);
    expect(macro.precision).toBeCloseTo(0.5, 12);
    expect(macro.recall).toBeCloseTo(0.5555555555555555, 12);
    expect(macro.f1).toBeCloseTo(0.4888888888888889, 12);
    expect(macro.support).toBe(5);
  });

  it('a class no row has and none is predicted as takes no part in the macro average', () => {
    const confusion = confusionMatrix(Int32Array.of(0, 1), Int32Array.of(0, 1), 3);
    const { perClass, macro } = classReport(confusion);
    expect(perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(macro).toEqual({ precision: 1, recall: 1, f1: 1, support: 2 });
  });

  it('recall weighted by support is the accuracy; every figure lies in [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }).chain((k) => fc.array(fc.tuple(fc.nat({ max: k - 1 }), fc.nat({ max: k - 1 })), { minLength: 1, maxLength: 40 }).map((pairs) => ({ k, pairs }))), ({ k, pairs }) => {
        const labels = Int32Array.from(pairs.map(([truth]) => truth));
        const predictions = Int32Array.from(pairs.map(([, guess]) => guess));
        const { perClass } = classReport(confusionMatrix(predictions, labels, k));
        const correct = pairs.filter(([truth, guess]) => truth === guess).length;
        const weighted = perClass.reduce((s, c) => s + c.recall * c.support, 0);
        expect(weighted).toBeCloseTo(correct, 9);
        for (const c of perClass) for (const v of [c.precision, c.recall, c.f1]) expect(v >= 0 && v <= 1).toBe(true);
      }),
      fcOptions(100),
    );
  });
});
