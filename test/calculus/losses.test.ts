// The output layer's ∂C/∂z for every activation and loss against finite differences, and softmax + CE = s − y.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluate } from '../../src/calculus/evaluate.js';
import { lossExpression, outputGradient } from '../../src/calculus/losses.js';
import { printIndex } from '../../src/calculus/print-index.js';
import { ref } from '../../src/calculus/expr.js';
import type { LossName } from '../../src/calculus/losses.js';
import type { ActivationName } from '../../src/ops/activations.js';
import { fcOptions } from '../support/fc.js';
import { assertClose, cases, finiteDifferences, valuesFor } from './oracle.js';

const activations: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity', 'softmax'];
const losses: LossName[] = ['mse', 'sse', 'cross-entropy'];

describe('outputGradient', () => {
  for (const activation of activations) {
    for (const loss of losses) {
      // Cross-entropy takes the log of the prediction: only activations with positive outputs qualify.
      if (loss === 'cross-entropy' && activation !== 'sigmoid' && activation !== 'softmax') continue;
      test(`∂C/∂z for ${activation} with ${loss}, as derived, equals finite differences`, () => {
        fc.assert(
          fc.property(cases('j'), (c) => {
            const g = outputGradient(activation, loss, c.sizes.j);
            const values = valuesFor(c, { z: 'j', y: 'j' }, { z: 'nonzero', y: 'simplex' });
            assertClose(evaluate(g.derived, values), finiteDifferences(g.loss, 'z', values));
          }),
          fcOptions(100),
        );
      });
    }
  }
  test('∂CE(softmax(z))/∂z = s − y equals finite differences when y is a distribution', () => {
    fc.assert(
      fc.property(cases('j'), (c) => {
        const g = outputGradient('softmax', 'cross-entropy', c.sizes.j);
        expect(g.closedForm).toBeDefined();
        if (g.closedForm === undefined) return;
        expect(printIndex(g.closedForm)).toBe('softmax_k(z[k]) − y[k]');
        const values = valuesFor(c, { z: 'j', y: 'j' }, { y: 'simplex' });
        assertClose(evaluate(g.closedForm, values), finiteDifferences(g.loss, 'z', values));
      }),
      fcOptions(100),
    );
  });
  test('only softmax with cross-entropy has a closed form beyond simplification', () => {
    expect(outputGradient('sigmoid', 'cross-entropy', 3).closedForm).toBeUndefined();
    expect(outputGradient('softmax', 'mse', 3).closedForm).toBeUndefined();
  });
  test('the losses read as MATH.md defines them', () => {
    expect(printIndex(lossExpression('mse', ref('a', 'j'), ref('y', 'j'), 4))).toBe('Σ_j (1/n) (a[j] − y[j]) (a[j] − y[j])');
    expect(printIndex(lossExpression('sse', ref('a', 'j'), ref('y', 'j'), 4))).toBe('Σ_j 0.5 (a[j] − y[j]) (a[j] − y[j])');
    expect(printIndex(lossExpression('cross-entropy', ref('a', 'j'), ref('y', 'j'), 4))).toBe('−Σ_j y[j] log(a[j])');
  });
});
