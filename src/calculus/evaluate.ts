// Numeric evaluation of an index expression in float64, its products run by einsum.

import { einsum } from '../einsum/einsum.js';
import { UserError } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor, zeros } from '../tensor/tensor.js';
import { type ElementwiseName, type Expr, type Product, type Softmax, freeIndices } from './expr.js';
import { type RuleTable, rules as defaultRules } from './rules.js';

/** Options of `evaluate`. */
export interface EvaluateOptions {
  readonly rules?: RuleTable;
  /** Sizes of indices that no tensor carries (a Jacobian's variable indices, which only deltas read). */
  readonly sizes?: Readonly<Record<string, number>>;
}

/** The tensors an expression reads, by name. */
export type Values = Readonly<Record<string, Tensor>>;

/**
 * The value of `e` as a float64 tensor whose axes are `freeIndices(e)` in order.
 * An index letter has one size throughout the expression.
 */
export function evaluate(e: Expr, values: Values, options: EvaluateOptions = {}): Tensor {
  const sizes = new Map(Object.entries(options.sizes ?? {}));
  collectSizes(e, values, sizes);
  const result = new Evaluator(values, sizes, options.rules ?? defaultRules).run(e);
  // A bare tensor evaluates to a view of its value; the caller gets its own copy.
  return e.kind === 'tensor' ? new Tensor(Float64Array.from(result.contiguous().data), result.shape) : result;
}

class Evaluator {
  constructor(
    private readonly values: Values,
    private readonly sizes: ReadonlyMap<string, number>,
    private readonly rules: RuleTable,
  ) {}

  run(e: Expr): Tensor {
    switch (e.kind) {
      case 'tensor':
        return diagonalView(this.values[e.name], e.indices);
      case 'delta':
        return identity(this.deltaSize(e.indices[0], e.indices[1]), e.indices[0] === e.indices[1]);
      case 'const':
        return new Tensor(Float64Array.of(e.value), []);
      case 'map':
        return this.map(this.run(e.arg), e.fn, e.prime);
      case 'softmax':
        return this.softmax(e);
      case 'sum':
        return this.sum(e.terms, e.out);
      case 'product':
        return this.product(e);
    }
  }

  private size(index: string): number {
    const n = this.sizes.get(index);
    if (n === undefined) throw new UserError(`evaluate: the size of index ${index} is unknown (no tensor carries it; pass it in sizes)`);
    return n;
  }

  private deltaSize(a: string, b: string): number {
    const n = this.sizes.get(a) ?? this.size(b);
    const m = this.sizes.get(b) ?? n;
    if (n !== m) throw new UserError(`evaluate: δ[${a},${b}] pairs index ${a} of size ${n} with index ${b} of size ${m}`);
    return n;
  }

  private map(x: Tensor, fn: ElementwiseName, prime: boolean): Tensor {
    const rule = this.rules[fn];
    const data = Float64Array.from(x.contiguous().data);
    const n = data.length;
    if (prime) for (let k = 0; k < n; k++) data[k] = rule.derivative(data[k]);
    else for (let k = 0; k < n; k++) data[k] = rule.value(data[k]);
    return new Tensor(data, x.shape);
  }

  private softmax(e: Softmax): Tensor {
    const x = this.run(e.arg);
    const data = Float64Array.from(x.contiguous().data);
    const axis = freeIndices(e.arg).indexOf(e.axis);
    const length = x.shape[axis];
    const inner = sizeOf(x.shape.slice(axis + 1));
    const outer = sizeOf(x.shape.slice(0, axis));
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const start = o * length * inner + i;
        const end = start + length * inner;
        let max = -Infinity;
        for (let p = start; p < end; p += inner) max = Math.max(max, data[p]);
        let total = 0;
        for (let p = start; p < end; p += inner) {
          data[p] = Math.exp(data[p] - max);
          total += data[p];
        }
        for (let p = start; p < end; p += inner) data[p] /= total;
      }
    }
    return new Tensor(data, x.shape);
  }

  private sum(terms: readonly Expr[], out: readonly string[]): Tensor {
    const result = zeros(out.map((i) => this.size(i)));
    const acc = result.data;
    for (const term of terms) {
      const aligned = this.align(this.run(term), freeIndices(term), out).contiguous().data;
      const n = acc.length;
      for (let k = 0; k < n; k++) acc[k] += aligned[k];
    }
    return result;
  }

  private product(p: Product): Tensor {
    let scale = 1;
    const operands: Tensor[] = [];
    const subscripts: string[] = [];
    for (const f of p.factors) {
      const value = this.run(f);
      if (value.rank === 0) {
        scale *= value.get();
        continue;
      }
      operands.push(value);
      subscripts.push(freeIndices(f).join(''));
    }
    const carried = new Set(subscripts.join(''));
    const kept = p.out.filter((i) => carried.has(i));
    const core = operands.length === 0 ? new Tensor(Float64Array.of(1), []) : einsum(`${subscripts.join(',')}->${kept.join('')}`, ...operands);
    const result = this.align(core, kept, p.out).contiguous();
    const data = scale === 1 ? result.data : Float64Array.from(result.data);
    if (scale !== 1) for (let k = 0; k < data.length; k++) data[k] *= scale;
    return new Tensor(data, result.shape);
  }

  /** A view of `t` (axes `from`) with the axes `to`: permuted, and broadcast along indices `from` lacks. */
  private align(t: Tensor, from: readonly string[], to: readonly string[]): Tensor {
    const shape = to.map((i) => this.size(i));
    const strides = to.map((i) => {
      const axis = from.indexOf(i);
      return axis < 0 ? 0 : t.strides[axis];
    });
    return new Tensor(t.data, shape, strides, t.offset);
  }
}

/** A tensor read at `indices`; a repeated index reads the diagonal (its axes merge, their strides add). */
function diagonalView(t: Tensor, indices: readonly string[]): Tensor {
  const names: string[] = [];
  const shape: number[] = [];
  const strides: number[] = [];
  indices.forEach((index, axis) => {
    const seen = names.indexOf(index);
    if (seen >= 0) {
      strides[seen] += t.strides[axis];
      return;
    }
    names.push(index);
    shape.push(t.shape[axis]);
    strides.push(t.strides[axis]);
  });
  return new Tensor(t.data, shape, strides, t.offset);
}

/** The n×n identity matrix, or n ones for δ[i,i]. */
function identity(n: number, diagonal: boolean): Tensor {
  if (diagonal) return new Tensor(new Float64Array(n).fill(1), [n]);
  const data = new Float64Array(n * n);
  for (let k = 0; k < n; k++) data[k * n + k] = 1;
  return new Tensor(data, [n, n]);
}

/** The size of every index that a tensor of `e` carries, from the tensors' values. */
export function indexSizes(e: Expr, values: Values): Record<string, number> {
  const sizes = new Map<string, number>();
  collectSizes(e, values, sizes);
  return Object.fromEntries(sizes);
}

/** Records the size of every index a tensor carries; a user error when a tensor is missing or sizes disagree. */
function collectSizes(e: Expr, values: Values, sizes: Map<string, number>): void {
  switch (e.kind) {
    case 'tensor': {
      const value = values[e.name];
      if (value === undefined) throw new UserError(`evaluate: no value was given for tensor '${e.name}'`);
      if (value.rank !== e.indices.length) {
        throw new UserError(`evaluate: ${e.name} is read as ${e.name}[${e.indices.join(',')}] but its value has ${value.rank} axes`);
      }
      if (value.dtype !== 'float64') throw new UserError(`evaluate: ${e.name} is ${value.dtype}; the calculus evaluates in float64`);
      e.indices.forEach((index, axis) => {
        const n = value.shape[axis];
        const known = sizes.get(index);
        if (known !== undefined && known !== n) throw new UserError(`evaluate: index ${index} is ${n} on axis ${axis} of ${e.name} but ${known} elsewhere`);
        sizes.set(index, n);
      });
      return;
    }
    case 'delta':
    case 'const':
      return;
    case 'product':
      for (const f of e.factors) collectSizes(f, values, sizes);
      return;
    case 'sum':
      for (const t of e.terms) collectSizes(t, values, sizes);
      return;
    case 'map':
    case 'softmax':
      collectSizes(e.arg, values, sizes);
  }
}
