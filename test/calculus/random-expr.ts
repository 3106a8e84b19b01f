// Random index expressions over the letters i, j, k (all of one size), for properties that hold for any expression.

import fc from 'fast-check';
import { type ElementwiseName, type Expr, apply, constant, delta, freeIndices, product, ref, softmax, sum, tensorsOf, unique } from '../../src/calculus/expr.js';
import { Random } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { randomTensor } from './oracle.js';

/** The index letters random expressions use. */
export const letters = ['i', 'j', 'k'] as const;

/** The tensors random expressions read, by name, with their ranks. */
export const ranks: Readonly<Record<string, number>> = { x: 1, y: 1, A: 2, B: 2 };

const letter = fc.constantFrom(...letters);
const smooth: ElementwiseName[] = ['sigmoid', 'tanh', 'exp', 'identity'];

const atom: fc.Arbitrary<Expr> = fc.oneof(
  fc.tuple(fc.constantFrom('x', 'y'), letter).map(([name, i]): Expr => ref(name, [i])),
  fc.tuple(fc.constantFrom('A', 'B'), letter, letter).map(([name, i, j]): Expr => ref(name, [i, j])),
  fc.tuple(letter, letter).map(([a, b]): Expr => delta(a, b)),
  fc.constantFrom(-1, 0.5, 2).map((c): Expr => constant(c)),
);

/** Expressions of depth at most 3 built from every node kind (elementwise functions: smooth ones only). */
export const expressions: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 3, withCrossShrink: true },
    atom,
    fc.tuple(fc.array(tie('expr'), { minLength: 1, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.boolean()).map(([factors, keep, reverse]) => {
      const all = unique(factors.flatMap(freeIndices));
      const out = all.filter((_, p) => keep[p]);
      return product(factors, reverse ? out.reverse() : out);
    }),
    fc.array(tie('expr'), { minLength: 2, maxLength: 2 }).map((terms) => sum(terms)),
    fc.tuple(fc.constantFrom(...smooth), tie('expr')).map(([fn, arg]) => apply(fn, arg)),
    tie('expr').filter((e) => freeIndices(e).length > 0).map((e) => softmax(e, freeIndices(e)[0])),
  ),
})).expr;

/** Values for every tensor of `ranks`, each axis of size `n`, drawn in [−2, 2) from `seed`. */
export function randomValues(n: number, seed: number): Record<string, Tensor> {
  const random = new Random(seed);
  return Object.fromEntries(Object.entries(ranks).map(([name, rank]) => [name, randomTensor(random, new Array<number>(rank).fill(n))]));
}

/** Every letter's size n, for indices that only deltas carry (simplify may rename those to any fresh letter). */
export function letterSizes(n: number): Record<string, number> {
  const all = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Object.fromEntries([...all].map((l) => [l, n]));
}

/** A random expression, the size `n` of every index, a seed for its values, and a tensor it reads (`wrt`, undefined when it reads none). */
export const expressionCases: fc.Arbitrary<{ e: Expr; n: number; seed: number; wrt: string | undefined }> = fc
  .record({ e: expressions, n: fc.integer({ min: 1, max: 3 }), seed: fc.integer({ min: 0, max: 0x7fffffff }), pick: fc.nat() })
  .map(({ e, n, seed, pick }) => {
    const names = [...tensorsOf(e).keys()];
    return { e, n, seed, wrt: names.length === 0 ? undefined : names[pick % names.length] };
  });
