// fast-check generators for einsum tests: random specs with their shapes, and seeded random operand data.

import fc from 'fast-check';
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
