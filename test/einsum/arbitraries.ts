// fast-check generators for einsum tests: random specs with their shapes, and seeded random operand data.

import fc from 'fast-check';
import { compileEinsum } from '../../src/einsum/einsum.js';
import type { PlanOptions } from '../../src/einsum/plan.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** A random contraction: index groups (letters may repeat within a group), an explicit output, and a size per letter. */
export interface EinsumCase {
  readonly inputs: readonly string[];
  readonly output: string;
  readonly sizes: Readonly<Record<string, number>>;
  /** The seed of the operands' data. */
  readonly seed: number;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Specs of `minOperands`..`maxOperands` operands of rank 0..4 over at most 5 letters of size 1..6 (output: any subset, any order). */
export function einsumCase(minOperands = 1, maxOperands = 4): fc.Arbitrary<EinsumCase> {
  return fc
    .record({
      letters: fc.uniqueArray(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 5 }),
      operands: fc.integer({ min: minOperands, max: maxOperands }),
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
    })
    .chain(({ letters, operands, seed }) =>
      fc.record({
        inputs: fc.array(fc.array(fc.constantFrom(...letters), { maxLength: 4 }).map((g) => g.join('')), {
          minLength: operands,
          maxLength: operands,
        }),
        sizes: fc.tuple(...letters.map(() => fc.integer({ min: 1, max: 6 }))),
        keep: fc.array(fc.boolean(), { minLength: letters.length, maxLength: letters.length }),
        order: fc.shuffledSubarray(letters, { minLength: letters.length, maxLength: letters.length }),
      }).map(({ inputs, sizes, keep, order }) => {
        const used = new Set(inputs.join(''));
        const output = order.filter((letter) => used.has(letter) && keep[letters.indexOf(letter)]).join('');
        const sizeOf: Record<string, number> = {};
        for (const [t, letter] of letters.entries()) sizeOf[letter] = sizes[t];
        return { inputs, output, sizes: sizeOf, seed };
      }),
    );
}

/** The numpy spec of a case, `ij,jk->ik`. */
export function specOf(c: EinsumCase): string {
  return `${c.inputs.join(',')}->${c.output}`;
}

/** The operand shapes of a case. */
export function shapesOf(c: EinsumCase): number[][] {
  return c.inputs.map((group) => [...group].map((letter) => c.sizes[letter]));
}

/** Operands of the case's shapes filled from its seed with values uniform in [−1, 1), exactly representable in float32. */
export function operandsOf(c: EinsumCase, dtype: 'float32' | 'float64' = 'float64'): Tensor[] {
  const random = new Random(c.seed);
  return shapesOf(c).map((shape) => randomTensor(random, shape, dtype));
}

/** A contiguous tensor of values uniform in [−1, 1) rounded to float32, so both dtypes hold the same numbers. */
export function randomTensor(random: Random, shape: readonly number[], dtype: 'float32' | 'float64' = 'float64'): Tensor {
  let n = 1;
  for (const d of shape) n *= d;
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.fround(2 * random.nextFloat() - 1);
  return new Tensor(data, shape);
}

/** The same tensor in float64 (a contiguous copy). */
export function toFloat64(t: Tensor): Tensor {
  return new Tensor(Float64Array.from(t.toArray()), t.shape);
}

/** Runs a compiled plan on tensors, the way the network does: contiguous operands into a preallocated output. */
export function runCompiled(spec: string, operands: readonly Tensor[], options: PlanOptions = {}): Tensor {
  const dtype = operands[0].dtype;
  const compiled = compileEinsum(spec, operands.map((t) => t.shape), dtype, options);
  const size = compiled.outputShape.reduce((p, d) => p * d, 1);
  const out = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
  compiled.run(operands.map((t) => t.data), out);
  return new Tensor(out, compiled.outputShape);
}

/** The elementwise absolute value (a contiguous float64 copy): the scale of rounding errors when fed to the naive einsum. */
export function absolute(t: Tensor): Tensor {
  return new Tensor(Float64Array.from(t.toArray(), Math.abs), t.shape);
}

/**
 * The largest violation of |actual − expected| ≤ rtol·scale over all elements, as a message, or null when none:
 * `scale` is the same contraction of the operands' absolute values, the natural bound of summation error.
 */
export function closeness(actual: Tensor, expected: Tensor, scale: Tensor, rtol: number): string | null {
  if (actual.shape.join() !== expected.shape.join()) return `shape [${actual.shape}] ≠ [${expected.shape}]`;
  const a = actual.toArray();
  const e = expected.toArray();
  const s = scale.toArray();
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i] - e[i]) <= rtol * s[i] + Number.MIN_VALUE)) return `element ${i}: ${a[i]} vs ${e[i]} (scale ${s[i]})`;
  }
  return null;
}

/**
 * A random contraction with numpy's ellipsis: an einsumCase whose operands may carry `...` at any position
 * over trailing axes of one batch shape (fewer of them: missing leading axes) and whose axes, batch or
 * named, may be 1 where the index is larger (broadcast), with an output that has the ellipsis, lacks it
 * (its axes summed) or is implicit.
 */
export interface EllipsisCase {
  readonly spec: string;
  readonly shapes: readonly (readonly number[])[];
  /** The operands' groups with `...` where it stands, and each operand's ellipsis rank (−1: none). */
  readonly groups: readonly string[];
  readonly ranks: readonly number[];
  /** The output group with `...`, or null for the implicit output. */
  readonly output: string | null;
  readonly seed: number;
}

/** True one time in four: how often an axis is made 1 to broadcast. */
const sometimes = fc.constantFrom(false, false, false, true);

/** Ellipsis cases of `minOperands`..`maxOperands` operands over batch shapes of rank 0..3 with sizes 1..3. */
export function ellipsisCase(minOperands = 1, maxOperands = 3): fc.Arbitrary<EllipsisCase> {
  return einsumCase(minOperands, maxOperands).chain((c) =>
    fc
      .record({
        batch: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }),
        operands: fc.tuple(
          ...c.inputs.map(() =>
            fc.record({ has: fc.boolean(), at: fc.nat(), rank: fc.nat(), ones: fc.array(sometimes, { minLength: 3, maxLength: 3 }), oneLetters: fc.array(sometimes, { minLength: 6, maxLength: 6 }) }),
          ),
        ),
        output: fc.constantFrom('with', 'without', 'implicit'),
        outputAt: fc.nat(),
      })
      .map(({ batch, operands, output, outputAt }) => {
        const groups: string[] = [];
        const ranks: number[] = [];
        const shapes: number[][] = [];
        for (const [t, group] of c.inputs.entries()) {
          const o = operands[t];
          const letterSize = (letter: string): number => (o.oneLetters[[...new Set(group)].indexOf(letter)] ? 1 : c.sizes[letter]);
          const named = [...group].map(letterSize);
          if (!o.has) {
            groups.push(group);
            ranks.push(-1);
            shapes.push(named);
            continue;
          }
          const rank = o.rank % (batch.length + 1);
          const at = o.at % (group.length + 1);
          const dims = batch.slice(batch.length - rank).map((d, axis) => (o.ones[axis] ? 1 : d));
          groups.push(`${group.slice(0, at)}...${group.slice(at)}`);
          ranks.push(rank);
          shapes.push([...named.slice(0, at), ...dims, ...named.slice(at)]);
        }
        const at = outputAt % (c.output.length + 1);
        const out = output === 'implicit' ? null : output === 'with' ? `${c.output.slice(0, at)}...${c.output.slice(at)}` : c.output;
        const spec = out === null ? groups.join(',') : `${groups.join(',')}->${out}`;
        return { spec, shapes, groups, ranks, output: out, seed: c.seed };
      }),
  );
}

/**
 * The case written out by hand, as numpy defines it: `...` replaced by letters the case does not use
 * (right-aligned across operands), the implicit output spelt (ellipsis first, then the letters that
 * appear once, sorted), and every operand a stride-0 view broadcast to the full size of each index.
 */
export function writtenOut(c: EllipsisCase, operands: readonly Tensor[]): { spec: string; views: Tensor[] } {
  const used = new Set(c.spec);
  const spare = [...ALPHABET].filter((letter) => !used.has(letter));
  const rank = Math.max(0, ...c.ranks);
  const ellipsis = spare.slice(0, rank).join('');
  const groups = c.groups.map((group, t) => group.replace('...', ellipsis.slice(rank - Math.max(0, c.ranks[t]))));
  const full = new Map<string, number>();
  for (const [t, group] of groups.entries()) {
    for (const [axis, letter] of [...group].entries()) full.set(letter, Math.max(full.get(letter) ?? 1, c.shapes[t][axis]));
  }
  let output = c.output?.replace('...', ellipsis);
  if (output === undefined) {
    const named = c.groups.join('').replaceAll('...', '').replaceAll(',', '');
    output = ellipsis + [...new Set(named)].filter((letter) => named.split(letter).length === 2).sort().join('');
  }
  const views = operands.map((t, u) => {
    const shape = [...groups[u]].map((letter) => full.get(letter) ?? 1);
    const strides = t.strides.map((stride, axis) => (t.shape[axis] === 1 && shape[axis] !== 1 ? 0 : stride));
    return new Tensor(t.data, shape, strides, t.offset);
  });
  return { spec: `${groups.join(',')}->${output}`, views };
}

/** Operands of an ellipsis case's shapes, filled from its seed (as operandsOf does for an einsumCase). */
export function ellipsisOperands(c: EllipsisCase, dtype: 'float32' | 'float64' = 'float64'): Tensor[] {
  const random = new Random(c.seed);
  return c.shapes.map((shape) => randomTensor(random, shape, dtype));
}
