// Test oracles for the calculus: random float64 values from a seed, central finite differences, closeness.

import fc from 'fast-check';
import type { Expr } from '../../src/calculus/expr.js';
import { type Values, evaluate } from '../../src/calculus/evaluate.js';
import { jacobian } from '../../src/calculus/jacobian.js';
import { type RuleTable, rules as defaultRules } from '../../src/calculus/rules.js';
import { Random } from '../../src/tensor/random.js';
import { sizeOf } from '../../src/tensor/shape.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** How the values of one tensor are drawn: any sign, away from zero (kinks of relu), or positive (log). */
export type Draw = 'any' | 'nonzero' | 'positive' | 'simplex';

/** Index sizes (one letter each, 1..6) and a seed: the input of every property below. */
export interface Case {
  readonly sizes: Readonly<Record<string, number>>;
  readonly seed: number;
}

/** Cases for the index letters in `letters`, each sized 1..max (6 by default). */
export function cases(letters: string, max = 6): fc.Arbitrary<Case> {
  const sizes = Object.fromEntries([...letters].map((l) => [l, fc.integer({ min: 1, max })]));
  return fc.record({ sizes: fc.record(sizes), seed: fc.integer({ min: 0, max: 0x7fffffff }) });
}

/** Tensors named and indexed as in `layout` (e.g. { W: 'ji', a: 'i' }), filled from the case's seed. */
export function valuesFor(c: Case, layout: Readonly<Record<string, string>>, draws: Readonly<Record<string, Draw>> = {}): Record<string, Tensor> {
  const random = new Random(c.seed);
  const values: Record<string, Tensor> = {};
  for (const [name, indices] of Object.entries(layout)) {
    const shape = [...indices].map((i) => c.sizes[i]);
    values[name] = randomTensor(random, shape, draws[name] ?? 'any');
  }
  return values;
}

/** A tensor of `shape` drawn as `draw` says; 'simplex' rows (along the last axis) are positive and sum to 1. */
export function randomTensor(random: Random, shape: readonly number[], draw: Draw = 'any'): Tensor {
  const data = new Float64Array(sizeOf(shape));
  for (let k = 0; k < data.length; k++) {
    const u = random.nextFloat();
    if (draw === 'any') data[k] = 4 * u - 2;
    else if (draw === 'nonzero') data[k] = (random.nextFloat() < 0.5 ? -1 : 1) * (0.05 + 2 * u);
    else data[k] = 0.1 + 2 * u;
  }
  if (draw === 'simplex') {
    const width = shape.length === 0 ? 1 : shape[shape.length - 1];
    for (let row = 0; row < data.length; row += width) {
      let total = 0;
      for (let k = row; k < row + width; k++) total += data[k];
      for (let k = row; k < row + width; k++) data[k] /= total;
    }
  }
  return new Tensor(data, shape);
}

/** ∂expr/∂wrt by central differences (step h), axes: the expression's free indices, then the variable's. */
export function finiteDifferences(expr: Expr, wrt: string, values: Values, sizes: Readonly<Record<string, number>> = {}, h = 6e-6): Tensor {
  const variable = values[wrt];
  const data = Float64Array.from(variable.contiguous().data);
  const perturbed = { ...values, [wrt]: new Tensor(data, variable.shape) };
  const base = evaluate(expr, values, { sizes });
  const outSize = base.size;
  const n = data.length;
  const jac = new Float64Array(outSize * n);
  for (let p = 0; p < n; p++) {
    const x = data[p];
    data[p] = x + h;
    const plus = evaluate(expr, perturbed, { sizes }).contiguous().data;
    data[p] = x - h;
    const minus = evaluate(expr, perturbed, { sizes }).contiguous().data;
    data[p] = x;
    for (let o = 0; o < outSize; o++) jac[o * n + p] = (plus[o] - minus[o]) / (2 * h);
  }
  return new Tensor(jac, [...base.shape, ...variable.shape]);
}

/** Throws, naming the first element at fault, unless |a − b| ≤ atol + rtol·|b| everywhere and the shapes agree. */
export function assertClose(actual: Tensor, expected: Tensor, atol = 1e-5, rtol = 1e-3): void {
  if (actual.shape.join() !== expected.shape.join()) {
    throw new Error(`shape [${actual.shape.join(',')}] differs from the expected [${expected.shape.join(',')}]`);
  }
  const a = actual.contiguous().data;
  const b = expected.contiguous().data;
  for (let k = 0; k < a.length; k++) {
    if (!(Math.abs(a[k] - b[k]) <= atol + rtol * Math.abs(b[k]))) {
      throw new Error(`element ${k} of shape [${actual.shape.join(',')}] is ${a[k]}, expected ${b[k]}`);
    }
  }
}

/** The property "∂expr/∂wrt (derived with `rules`) equals central finite differences" over random sizes and values. */
export function matchesFiniteDifferences(
  expr: Expr,
  wrt: string,
  layout: Readonly<Record<string, string>>,
  draws: Readonly<Record<string, Draw>> = {},
  rules: RuleTable = defaultRules,
): fc.IProperty<[Case]> {
  const letters = [...new Set(Object.values(layout).join(''))].join('');
  return fc.property(cases(letters), (c) => {
    const values = valuesFor(c, layout, draws);
    assertClose(jacobian(expr, wrt, values, { rules }), finiteDifferences(expr, wrt, values));
  });
}
