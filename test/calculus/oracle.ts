// Test oracles for the calculus: random float64 values from a seed, central finite differences, closeness.

import fc from 'fast-check';
import type { Backward } from '../../src/calculus/backward.js';
import type { Expr } from '../../src/calculus/expr.js';
import { einsum } from '../../src/einsum/einsum.js';
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

/** ∂L/∂wrt as `backward` describes it, computed with einsum: its terms summed, each scaled and broadcast. */
export function evaluateBackward(b: Backward, values: Values, variableShape: readonly number[], sizes: Readonly<Record<string, number>> = {}): Tensor {
  const size = sizeOf(variableShape);
  const total = new Float64Array(size);
  for (const term of b.terms) {
    const [inputs, output] = term.spec.split('->');
    const subscripts = inputs === '' ? [] : inputs.split(',');
    const operands = term.operands.map((name, t) => operandValue(b, name, values, subscripts[t], variableShape, sizes));
    const core = operands.length === 0 ? new Tensor(Float64Array.of(1), []) : einsum(term.spec, ...operands);
    // Align the result (axes `output`) to the variable's axes (`b.indices`), broadcasting where it lacks one.
    const strides = b.indices.map((i) => {
      const axis = output.indexOf(i);
      return axis < 0 ? 0 : core.strides[axis];
    });
    const aligned = new Tensor(core.data, variableShape, strides, core.offset).contiguous().data;
    for (let k = 0; k < size; k++) total[k] += term.coefficient * aligned[k];
  }
  return new Tensor(total, variableShape);
}

function operandValue(b: Backward, name: string, values: Values, subscript: string, variableShape: readonly number[], sizes: Readonly<Record<string, number>>): Tensor {
  const factor = b.factors.find((f) => f.name === name);
  if (factor !== undefined) return evaluate(factor.expr, values, { sizes });
  if (name === 'δ') {
    const n = sizes[subscript[0]] ?? variableShape[b.indices.indexOf(subscript[0])];
    const data = new Float64Array(n * n);
    for (let k = 0; k < n; k++) data[k * n + k] = 1;
    return new Tensor(data, [n, n]);
  }
  return values[name];
}

/** Σ_out g[out] J[out, var]: the Jacobian (axes: out, then the variable's) contracted with g over its leading axes. */
export function contractLeading(g: Tensor, jac: Tensor): Tensor {
  const gData = g.contiguous().data;
  const jData = jac.contiguous().data;
  const rest = jac.shape.slice(g.rank);
  const n = sizeOf(rest);
  const out = new Float64Array(n);
  for (let o = 0; o < gData.length; o++) {
    for (let k = 0; k < n; k++) out[k] += gData[o] * jData[o * n + k];
  }
  return new Tensor(out, rest);
}
