// The dense layer's contract with the network: plain einsum specs over named operands, derived by backward.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { denseLayerContractions, denseLayerExpression } from '../../src/calculus/dense-layer.js';
import { evaluate } from '../../src/calculus/evaluate.js';
import { jacobian } from '../../src/calculus/jacobian.js';
import { einsum } from '../../src/einsum/einsum.js';
import { tensor } from '../../src/tensor/tensor.js';
import { fcOptions } from '../support/fc.js';
import { assertClose, cases, contractLeading, valuesFor } from './oracle.js';

describe('denseLayerContractions', () => {
  test('are the plain specs of docs/MATH.md’s batch column', () => {
    expect(denseLayerContractions()).toEqual({
      forward: { spec: 'ji,ni->nj', operands: ['W', 'a'] },
      weight: { spec: 'nj,ni->ji', operands: ['g', 'a'] },
      bias: { spec: 'nj->j', operands: ['g'] },
      input: { spec: 'nj,ji->ni', operands: ['g', 'W'] },
    });
  });
  test('forward plus b is the layer, and dW, db, da are g contracted with the layer’s Jacobians', () => {
    const c = denseLayerContractions();
    const z = denseLayerExpression();
    fc.assert(
      fc.property(cases('nji'), (k) => {
        const values = valuesFor(k, { W: 'ji', a: 'ni', b: 'j', g: 'nj' });
        const run = (n: { spec: string; operands: readonly string[] }) => einsum(n.spec, ...n.operands.map((name) => values[name]));
        const forward = run(c.forward).toArray();
        const bias = values.b.toArray();
        const withBias = forward.map((v, p) => v + bias[p % bias.length]);
        expect(withBias.length).toBe(k.sizes.n * k.sizes.j);
        assertClose(evaluate(z, values), tensor(withBias, [k.sizes.n, k.sizes.j]), 1e-12, 1e-12);
        assertClose(run(c.weight), contractLeading(values.g, jacobian(z, 'W', values)), 1e-12, 1e-12);
        assertClose(run(c.bias), contractLeading(values.g, jacobian(z, 'b', values)), 1e-12, 1e-12);
        assertClose(run(c.input), contractLeading(values.g, jacobian(z, 'a', values)), 1e-12, 1e-12);
      }),
      fcOptions(100),
    );
  });
});
