// simplify: deltas contract by renaming, δ·δ = δ, and any expression keeps its value.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Expr, apply, constant, delta, product, ref, sum } from '../../src/calculus/expr.js';
import { evaluate } from '../../src/calculus/evaluate.js';
import { printIndex } from '../../src/calculus/print-index.js';
import { termIndices } from '../../src/calculus/polynomial.js';
import { mergesSoftmaxAxis } from '../../src/calculus/rename.js';
import { simplify, simplifyToPolynomial } from '../../src/calculus/simplify.js';
import { fcOptions } from '../support/fc.js';
import { assertClose, cases, valuesFor } from './oracle.js';
import { expressions, letterSizes, randomValues } from './random-expr.js';

const runs = fcOptions(100);

/** Evaluates `e` and its simplification on the same case and asserts they agree. */
function assertSameValue(e: Expr, s: Expr, values: Parameters<typeof evaluate>[1], sizes: Record<string, number>): void {
  assertClose(evaluate(s, values, { sizes }), evaluate(e, values, { sizes }), 1e-9, 1e-9);
}

describe('contracting with a delta is renaming', () => {
  test('ij,jk->ik with δ returns A: Σ_j A[i,j] δ[j,k] = A[i,k]', () => {
    const e = product([ref('A', 'ij'), delta('j', 'k')], 'ik');
    expect(printIndex(simplify(e))).toBe('A[i,k]');
    fc.assert(fc.property(cases('ij'), (c) => assertSameValue(e, simplify(e), valuesFor(c, { A: 'ij' }), { k: c.sizes.j })), runs);
  });
  test('Σ_k δ[i,k] x[k] = x[i]', () => {
    expect(printIndex(simplify(product([delta('i', 'k'), ref('x', 'k')], 'i')))).toBe('x[i]');
  });
  test('δ[i,j] δ[j,k] = δ[i,k]', () => {
    const e = product([delta('i', 'j'), delta('j', 'k')], 'ik');
    expect(printIndex(simplify(e))).toBe('δ[i,k]');
    fc.assert(fc.property(cases('i'), (c) => assertSameValue(e, simplify(e), {}, { i: c.sizes.i, j: c.sizes.i, k: c.sizes.i })), runs);
  });
  test('Σ_{i,j} δ[i,j] A[i,j] = Σ_i A[i,i] (a delta between two summed indices takes a diagonal)', () => {
    const e = product([delta('i', 'j'), ref('A', 'ij')], '');
    expect(printIndex(simplify(e))).toBe('Σ_i A[i,i]');
    fc.assert(fc.property(cases('i'), (c) => assertSameValue(e, simplify(e), valuesFor(c, { A: 'ii' }), {})), runs);
  });
  test('Σ_i δ[i,i] is the size of i, so the trace stays', () => {
    const e = product([delta('i', 'i')], '');
    expect(printIndex(simplify(e))).toBe('Σ_i δ[i,i]');
    expect(evaluate(simplify(e), {}, { sizes: { i: 5 } }).get()).toBe(5);
  });
  test('a sum over an index that a term lacks multiplies that term by its size: Σ_n (x[n] + b[j])', () => {
    const e = product([sum([ref('x', 'n'), ref('b', 'j')], 'nj')], 'j');
    fc.assert(fc.property(cases('nj'), (c) => assertSameValue(e, simplify(e), valuesFor(c, { x: 'n', b: 'j' }), {})), runs);
  });
  test('like terms merge: x[i] + x[i] = 2 x[i] and Σ_j A[i,j] x[j] − Σ_k A[i,k] x[k] = 0', () => {
    expect(printIndex(simplify(sum([ref('x', 'i'), ref('x', 'i')])))).toBe('2 x[i]');
    const minus = product([ref('A', 'ik'), ref('x', 'k'), { kind: 'const', value: -1 }], 'i');
    expect(printIndex(simplify(sum([product([ref('A', 'ij'), ref('x', 'j')], 'i'), minus])))).toBe('0');
  });
});

describe('simplify on any expression', () => {
  const anyCase = fc.record({ e: expressions, n: fc.integer({ min: 1, max: 3 }), seed: fc.integer({ min: 0, max: 0x7fffffff }) });

  test('simplify keeps apart terms that share a summed index differently (found by the property below)', () => {
    // Σ_{i,k} σ(δ[i,i]) (δ[i,k] − 1) x[k]: σ(δ[i,i]) becomes σ(1) over i, whose i does not print,
    // and the two terms once merged as like terms and cancelled to 0.
    const e = product([apply('sigmoid', delta('i', 'i')), sum([delta('i', 'k'), constant(-1)], ['i', 'k']), ref('x', ['k'])], []);
    for (const n of [2, 3]) {
      const values = randomValues(n, 0);
      assertClose(evaluate(simplify(e), values, { sizes: letterSizes(n) }), evaluate(e, values, { sizes: letterSizes(n) }), 1e-9, 1e-9);
    }
  });

  test('simplify preserves the value of any expression', () => {
    fc.assert(
      fc.property(anyCase, ({ e, n, seed }) => {
        const values = randomValues(n, seed);
        const before = evaluate(e, values, { sizes: letterSizes(n) });
        fc.pre(before.toArray().every((v) => Math.abs(v) < 1e6));
        assertClose(evaluate(simplify(e), values, { sizes: letterSizes(n) }), before, 1e-9, 1e-9);
      }),
      fcOptions(300),
    );
  });
  test('after simplify every delta joins two free indices, is the trace of an index nothing else carries, or keeps a softmax axis apart', () => {
    fc.assert(
      fc.property(expressions, (e) => {
        const p = simplifyToPolynomial(e);
        for (const t of p.terms) {
          for (const f of t.factors) {
            if (f.kind !== 'delta') continue;
            const [a, b] = f.indices;
            const others = termIndices({ coefficient: 1, factors: t.factors.filter((g) => g !== f) });
            const trace = a === b && !p.out.includes(a) && !others.includes(a);
            const guardsSoftmax = t.factors.some((g) => g !== f && mergesSoftmaxAxis(g, a, b));
            expect(trace || guardsSoftmax || (p.out.includes(a) && p.out.includes(b))).toBe(true);
          }
        }
      }),
      runs,
    );
  });
  test('simplify is idempotent', () => {
    fc.assert(
      fc.property(expressions, (e) => {
        const once = simplify(e);
        expect(printIndex(simplify(once))).toBe(printIndex(once));
      }),
      runs,
    );
  });
});
