// Random GEMM problems in every layout, and the naive float64 triple loop they must agree with.

import fc from 'fast-check';
import { type DType, type Storage, allocate } from '../../src/tensor/dtype.js';
import { Random } from '../../src/tensor/random.js';

/** How one operand sits in its storage. */
export interface Layout {
  /** Column-major (the transposed layout) instead of row-major. */
  transposed: boolean;
  /** Step between neighbours along the contiguous axis (1, or 2 for an interleaved view). */
  step: number;
  /** Extra elements between consecutive rows (or columns, when transposed). */
  pad: number;
  /** Elements before the first one. */
  offset: number;
  /** Rows (or columns, when transposed) stored last to first: a negative outer stride. */
  reversed: boolean;
}

/** One GEMM problem: sizes, layouts, accumulate flag and a seed for the values. */
export interface GemmCase {
  m: number;
  n: number;
  k: number;
  a: Layout;
  b: Layout;
  cPad: number;
  cOffset: number;
  accumulate: boolean;
  /** Which operands live in kernel memory (float32 only; the rest are plain arrays). */
  inside: { a: boolean; b: boolean; c: boolean };
  seed: number;
}

/** Makes the zeroed storage of one operand, in kernel memory or not. */
export type Allocator = (dtype: DType, length: number, inside: boolean) => Storage;

/** A strided operand with its storage filled from a seed. */
export interface Operand {
  data: Storage;
  offset: number;
  rs: number;
  cs: number;
}

const layoutArb: fc.Arbitrary<Layout> = fc.record({
  transposed: fc.boolean(),
  step: fc.constantFrom(1, 1, 2),
  pad: fc.constantFrom(0, 0, 1, 3),
  offset: fc.nat(5),
  reversed: fc.boolean(),
});

/** GEMM problems with each size drawn from `sizes`. */
export function gemmCaseArb(sizes: { m: fc.Arbitrary<number>; n: fc.Arbitrary<number>; k: fc.Arbitrary<number> }): fc.Arbitrary<GemmCase> {
  return fc.record({
    m: sizes.m,
    n: sizes.n,
    k: sizes.k,
    a: layoutArb,
    b: layoutArb,
    cPad: fc.constantFrom(0, 0, 2),
    cOffset: fc.nat(5),
    accumulate: fc.boolean(),
    inside: fc.record({ a: fc.boolean(), b: fc.boolean(), c: fc.boolean() }),
    seed: fc.nat(),
  });
}

/** The storage length a rows×cols operand in `layout` needs. */
export function operandLength(rows: number, cols: number, layout: Layout): number {
  const inner = layout.transposed ? rows : cols;
  const outer = layout.transposed ? cols : rows;
  return layout.offset + outer * (inner * layout.step + layout.pad) + 1;
}

/** A rows×cols operand in `layout` over `storage`, filled with values in [-1, 1) (gaps included). */
export function makeOperand(storage: Storage, rows: number, cols: number, layout: Layout, random: Random): Operand {
  const inner = layout.transposed ? rows : cols;
  const lead = inner * layout.step + layout.pad;
  const outer = layout.transposed ? cols : rows;
  for (let i = 0; i < storage.length; i++) storage[i] = 2 * random.nextFloat() - 1;
  const outerStride = layout.reversed ? -lead : lead;
  const offset = layout.reversed ? layout.offset + Math.max(0, outer - 1) * lead : layout.offset;
  const rs = layout.transposed ? layout.step : outerStride;
  const cs = layout.transposed ? outerStride : layout.step;
  return { data: storage, offset, rs, cs };
}

/** The operands of a case: A (m×k), B (k×n) and C (m×n, row-major with padded rows). */
export function makeOperands(dtype: DType, t: GemmCase, allocator: Allocator = plainAllocator): { a: Operand; b: Operand; c: Operand } {
  const random = new Random(t.seed);
  const cLayout: Layout = { transposed: false, step: 1, pad: t.cPad, offset: t.cOffset, reversed: false };
  const a = makeOperand(allocator(dtype, operandLength(t.m, t.k, t.a), t.inside.a), t.m, t.k, t.a, random);
  const b = makeOperand(allocator(dtype, operandLength(t.k, t.n, t.b), t.inside.b), t.k, t.n, t.b, random);
  const c = makeOperand(allocator(dtype, operandLength(t.m, t.n, cLayout), t.inside.c), t.m, t.n, cLayout, random);
  return { a, b, c };
}

/** Plain typed arrays, whatever `inside` says. */
export function plainAllocator(dtype: DType, length: number): Storage {
  return allocate(dtype, length);
}

/**
 * The naive product in float64, over the whole of C's storage (untouched elements copied),
 * and for each element the scale Σ|A||B| + |C₀| that bounds its rounding error.
 */
export function naiveGemm(t: GemmCase, a: Operand, b: Operand, c: Operand): { expected: Float64Array; scale: Float64Array } {
  const expected = Float64Array.from(c.data);
  const scale = new Float64Array(c.data.length);
  for (let i = 0; i < t.m; i++) {
    for (let j = 0; j < t.n; j++) {
      const at = c.offset + i * c.rs + j;
      let sum = t.accumulate ? c.data[at] : 0;
      let size = Math.abs(sum);
      for (let p = 0; p < t.k; p++) {
        const product = a.data[a.offset + i * a.rs + p * a.cs] * b.data[b.offset + p * b.rs + j * b.cs];
        sum += product;
        size += Math.abs(product);
      }
      expected[at] = sum;
      scale[at] = size;
    }
  }
  return { expected, scale };
}

/** The first index where |actual − expected| exceeds tolerance·scale (exact match where scale is 0), or −1. */
export function firstMismatch(actual: Storage, expected: Float64Array, scale: Float64Array, tolerance: number): number {
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance * scale[i])) return i;
  }
  return -1;
}
