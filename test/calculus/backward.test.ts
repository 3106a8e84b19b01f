// backward: the upstream gradient times the Jacobian, as einsums; the reverse rule; the adjoint identity.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { backward } from '../../src/calculus/backward.js';
import { type Expr, apply, delta, freeIndices, product, ref, softmax, sum } from '../../src/calculus/expr.js';
import { ELEMENTWISE_NAMES } from '../../src/ops/elementwise.js';
import { evaluate } from '../../src/calculus/evaluate.js';
import { jacobian } from '../../src/calculus/jacobian.js';
import { LOSSES } from '../../src/nn/losses/losses.js';
import { UserError } from '../../src/errors.js';
import { Random } from '../../src/tensor/random.js';
import { sizeOf } from '../../src/tensor/shape.js';
import { fcOptions } from '../support/fc.js';
import { type Case, assertClose, cases, contractLeading, evaluateBackward, randomTensor, valuesFor } from './oracle.js';
import { expressionCases, letterSizes, randomValues } from './random-expr.js';

const runs = fcOptions(100);

/** The batched dense layer z[n,j] = W[j,i] a[n,i] + b[j]. */
const layer = sum([product([ref('W', 'ji'), ref('a', 'ni')], 'nj'), ref('b', 'j')], 'nj');
const layerLayout = { W: 'ji', a: 'ni', b: 'j', g: 'nj', z: 'nj' };

/** Asserts that backward(expr, wrt) at a case equals g contracted with the materialised Jacobian. */
function assertBackwardMatchesJacobian(expr: Expr, wrt: string, values: Record<string, ReturnType<typeof randomTensor>>, sizes: Record<string, number> = {}): void {
  const b = backward(expr, wrt);
  const expected = contractLeading(values.g, jacobian(expr, wrt, values, { sizes }));
  assertClose(evaluateBackward(b, values, values[wrt].shape, sizes), expected, 1e-9, 1e-9);
}

describe('backward equals the materialised Jacobian contracted with the upstream gradient', () => {
  for (const wrt of ['W', 'a', 'b']) {
    test(`for ∂C/∂${wrt} of the batched dense layer`, () => {
      fc.assert(fc.property(cases('nji'), (c) => assertBackwardMatchesJacobian(layer, wrt, valuesFor(c, layerLayout))), runs);
    });
  }
  for (const fn of ELEMENTWISE_NAMES) {
    test(`through ${fn}(z[n,j])`, () => {
      const draws = { z: fn === 'log' ? ('positive' as const) : ('nonzero' as const) };
      fc.assert(fc.property(cases('nj'), (c) => assertBackwardMatchesJacobian(apply(fn, ref('z', 'nj')), 'z', valuesFor(c, { z: 'nj', g: 'nj' }, draws))), runs);
    });
  }
  test('through softmax along j of z[n,j]', () => {
    fc.assert(fc.property(cases('nj'), (c) => assertBackwardMatchesJacobian(softmax(ref('z', 'nj'), 'j'), 'z', valuesFor(c, { z: 'nj', g: 'nj' }))), runs);
  });
  test('for the MSE loss, a scalar, by its prediction', () => {
    fc.assert(
      fc.property(cases('j'), (c) => {
        const mse = LOSSES.mse.expression(ref('a', 'j'), ref('y', 'j'), { outputs: c.sizes.j, huberDelta: 1 });
        const values = { ...valuesFor(c, { a: 'j', y: 'j' }), g: randomTensor(new Random(c.seed + 1), []) };
        assertBackwardMatchesJacobian(mse, 'a', values);
      }),
      runs,
    );
  });
  test('for expansions whose terms each rename summed indices (found by the property below)', () => {
    // Every clash in every term once took a new letter: this one ran out of the 52.
    const diagonal = product([delta('j', 'i'), ref('A', ['i', 'k'])], []);
    const exhausting = softmax(product([diagonal, ref('A', ['k', 'i']), ref('A', ['j', 'i'])], ['j']), 'j');
    // Names a term sums over may be reused by other terms, never by a fresh index inside that term.
    const reused = sum([ref('A', ['i', 'j']), product([product([ref('A', ['i', 'i']), ref('A', ['i', 'j'])], [])], [])], ['i', 'j']);
    for (const [e, n] of [[exhausting, 1], [exhausting, 2], [reused, 2]] as const) {
      for (const seed of [0, 1, 2]) {
        const g = randomTensor(new Random(seed + 1), freeIndices(e).map(() => n));
        assertBackwardMatchesJacobian(e, 'A', { ...randomValues(n, seed), g }, letterSizes(n));
      }
    }
  });
  test('for any expression and any tensor it reads', () => {
    fc.assert(
      fc.property(expressionCases, ({ e, n, seed, wrt }) => {
        fc.pre(wrt !== undefined);
        const values = randomValues(n, seed);
        const g = randomTensor(new Random(seed + 1), freeIndices(e).map(() => n));
        assertBackwardMatchesJacobian(e, wrt, { ...values, g }, letterSizes(n));
      }),
      fcOptions(200),
    );
  });
});

describe('the reverse rule and the adjoint identity', () => {
  const letters = ['i', 'j', 'k', 'l'];
  const binary = fc
    .record({ s1: fc.shuffledSubarray(letters, { minLength: 1 }), s2: fc.shuffledSubarray(letters, { minLength: 1 }), pick: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), seed: fc.nat() })
    .map(({ s1, s2, pick, seed }) => {
      const union = [...new Set([...s1, ...s2])];
      return { s1: s1.join(''), s2: s2.join(''), s3: union.filter((_, p) => pick[p]).join(''), seed };
    });

  test('for C = A *_(s1,s2,s3) B, backward by A is Ḡ *_(s3,s2,s1) B', () => {
    fc.assert(
      fc.property(binary, ({ s1, s2, s3, seed }) => {
        const c = product([ref('A', s1), ref('B', s2)], s3);
        const b = backward(c, 'A');
        const broadcast = [...s1].filter((i) => !s2.includes(i) && !s3.includes(i));
        expect(b.indices.join('')).toBe(s1);
        expect(b.terms).toHaveLength(1);
        expect(b.terms[0]).toEqual({ coefficient: 1, spec: `${s3},${s2}->${[...s1].filter((i) => !broadcast.includes(i)).join('')}`, operands: ['g', 'B'], broadcast });
        const sizes: Case = { sizes: { i: 2, j: 3, k: 4, l: 1 }, seed };
        assertBackwardMatchesJacobian(c, 'A', valuesFor(sizes, { A: s1, B: s2, g: s3 }));
      }),
      runs,
    );
  });

  test('⟨v, J·u⟩ = ⟨Jᵀ·v, u⟩ for the layer and its activation, with Jᵀ·v from backward', () => {
    const expr = apply('tanh', layer);
    fc.assert(
      fc.property(cases('nji'), fc.constantFrom('W', 'a', 'b'), (c, wrt) => {
        const values = valuesFor(c, layerLayout);
        const random = new Random(c.seed + 7);
        const v = randomTensor(random, [c.sizes.n, c.sizes.j]);
        const u = randomTensor(random, values[wrt].shape);
        const jac = jacobian(expr, wrt, values).contiguous().data;
        const uData = u.contiguous().data;
        const vData = v.contiguous().data;
        const m = uData.length;
        let forward = 0;
        for (let o = 0; o < vData.length; o++) {
          let ju = 0;
          for (let k = 0; k < m; k++) ju += jac[o * m + k] * uData[k];
          forward += vData[o] * ju;
        }
        const jtv = evaluateBackward(backward(expr, wrt), { ...values, g: v }, values[wrt].shape).contiguous().data;
        let reverse = 0;
        for (let k = 0; k < m; k++) reverse += jtv[k] * uData[k];
        expect(Math.abs(forward - reverse)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(forward)));
      }),
      runs,
    );
  });
});

describe('backward of the dense layer', () => {
  test('gives nj,ni->ji for W, nj->j for b and nj,ji->ni for a', () => {
    const spec = (wrt: string): string => backward(layer, wrt).terms.map((t) => `${t.spec} ${t.operands.join(',')}`).join(' + ');
    expect(spec('W')).toBe('nj,ni->ji g,a');
    expect(spec('b')).toBe('nj->j g');
    expect(spec('a')).toBe('nj,ji->ni g,W');
  });
  test('the simplified backward specs contain no delta and no operand larger than the layer’s own tensors', () => {
    const activations = [...ELEMENTWISE_NAMES.map((fn) => apply(fn, ref('z', 'nj'))), softmax(ref('z', 'nj'), 'j')];
    fc.assert(
      fc.property(cases('nji'), (c) => {
        const largest = Math.max(c.sizes.j * c.sizes.i, c.sizes.n * c.sizes.i, c.sizes.n * c.sizes.j);
        const steps = [...['W', 'a', 'b'].map((wrt) => backward(layer, wrt)), ...activations.map((s) => backward(s, 'z'))];
        for (const step of steps) {
          for (const term of step.terms) {
            expect(term.operands).not.toContain('δ');
            expect(term.spec).not.toContain('δ');
            expect(term.broadcast).toEqual([]);
            const subscripts = term.spec.split('->')[0].split(',');
            const sizes: Record<string, number> = { ...c.sizes, k: c.sizes.j, p: c.sizes.j };
            for (const s of subscripts) expect(sizeOf([...s].map((i) => sizes[i]))).toBeLessThanOrEqual(largest);
          }
        }
      }),
      runs,
    );
  });
  test('through an activation the upstream gradient meets the elementwise factor: ni,ni->ni with σ\'(z)', () => {
    const b = backward(apply('sigmoid', ref('z', 'ni')), 'z');
    expect(b.terms).toEqual([{ coefficient: 1, spec: 'ni,ni->ni', operands: ['g', "sigmoid'(z)"], broadcast: [] }]);
    expect(b.factors.map((f) => f.name)).toEqual(["sigmoid'(z)"]);
    expect(evaluate(b.factors[0].expr, { z: valuesFor({ sizes: { n: 2, i: 3 }, seed: 1 }, { z: 'ni' }).z }).shape).toEqual([2, 3]);
  });
  test('an upstream name that the expression already uses is a user error', () => {
    expect(() => backward(product([ref('g', 'i'), ref('x', 'i')], 'i'), 'x')).toThrow(UserError);
  });
});
