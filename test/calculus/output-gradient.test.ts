// The output layer's ∂C/∂z for every activation and loss record against finite differences, and softmax + CE = s − y.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluate } from '../../src/calculus/evaluate.js';
import { outputGradient } from '../../src/calculus/output-gradient.js';
import { printIndex } from '../../src/calculus/print-index.js';
import { ref } from '../../src/calculus/expr.js';
import { LOSSES, LOSS_NAMES } from '../../src/nn/losses/losses.js';
import { ACTIVATION_NAMES } from '../../src/ops/activations.js';
import { fcOptions } from '../support/fc.js';
import { assertClose, cases, finiteDifferences, valuesFor } from './oracle.js';

const unit = (outputs: number): { outputs: number; huberDelta: number } => ({ outputs, huberDelta: 1 });

describe('outputGradient', () => {
  for (const activation of ACTIVATION_NAMES) {
    for (const loss of LOSS_NAMES) {
      // Cross-entropy takes the log of the prediction: only activations with positive outputs qualify.
      if (loss === 'cross-entropy' && activation !== 'sigmoid' && activation !== 'softmax') continue;
      test(`∂C/∂z for ${activation} with ${loss}, as derived, equals finite differences`, () => {
        fc.assert(
          fc.property(cases('j'), (c) => {
            const g = outputGradient(activation, LOSSES[loss], unit(c.sizes.j));
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
        const g = outputGradient('softmax', LOSSES['cross-entropy'], unit(c.sizes.j));
        expect(g.closedForm).toBeDefined();
        if (g.closedForm === undefined) return;
        expect(printIndex(g.closedForm.gradient)).toBe('softmax_k(z[k]) − y[k]');
        const values = valuesFor(c, { z: 'j', y: 'j' }, { y: 'simplex' });
        assertClose(evaluate(g.closedForm.gradient, values), finiteDifferences(g.loss, 'z', values));
      }),
      fcOptions(100),
    );
  });
  test('only softmax with cross-entropy has a closed form beyond simplification', () => {
    for (const activation of ACTIVATION_NAMES) {
      for (const loss of LOSS_NAMES) {
        const closed = outputGradient(activation, LOSSES[loss], unit(3)).closedForm !== undefined;
        expect(closed).toBe(activation === 'softmax' && loss === 'cross-entropy');
      }
    }
  });
  test('the losses read as docs/MATH.md defines them', () => {
    const print = (loss: keyof typeof LOSSES): string => printIndex(LOSSES[loss].expression(ref('a', 'j'), ref('y', 'j'), unit(4)));
    expect(print('mse')).toBe('Σ_j (1/n) (a[j] − y[j]) (a[j] − y[j])');
    expect(print('sse')).toBe('Σ_j 0.5 (a[j] − y[j]) (a[j] − y[j])');
    expect(print('cross-entropy')).toBe('−Σ_j y[j] log(a[j])');
  });
});
