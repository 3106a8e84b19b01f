// gemm against the naive triple loop, in every layout, both dtypes, inside and outside kernel memory.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DType, type Storage, allocate } from '../../src/tensor/dtype.js';
import { gemm } from '../../src/kernels/gemm.js';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { fcOptions } from '../support/fc.js';
import { type GemmCase, firstMismatch, gemmCaseArb, makeOperands, naiveGemm } from './gemm-case.js';

const TOLERANCE: Record<DType, number> = { float64: 1e-12, float32: 1e-5 };

const smallSizes = { m: fc.nat(70), n: fc.nat(70), k: fc.nat(70) };
// Past every cache block of both kernels (KC = 256, MC ≤ 96, NC = 512) in every dimension.
const largeSizes = { m: fc.integer({ min: 97, max: 130 }), n: fc.integer({ min: 513, max: 540 }), k: fc.integer({ min: 257, max: 300 }) };

/** Float32 operands flagged `inside` are views over the current kernel memory; the rest are plain arrays. */
function kernelAllocator(dtype: DType, length: number, inside: boolean): Storage {
  if (dtype === 'float64' || !inside) return allocate(dtype, length);
  const context = KernelMemory.current();
  return context.f32(context.alloc(length * 4), length);
}

/** Runs gemm on a case and returns where it first disagrees with the naive loop (−1: nowhere). */
function mismatch(dtype: DType, t: GemmCase): number {
  const context = KernelMemory.current();
  const mark = context.mark();
  try {
    const { a, b, c } = makeOperands(dtype, t, kernelAllocator);
    const { expected, scale } = naiveGemm(t, a, b, c);
    gemm(t.m, t.n, t.k, a.data, a.offset, a.rs, a.cs, b.data, b.offset, b.rs, b.cs, c.data, c.offset, c.rs, t.accumulate);
    return firstMismatch(c.data, expected, scale, TOLERANCE[dtype]);
  } finally {
    context.release(mark);
  }
}

describe.each(['float64', 'float32'] as const)('gemm in %s', (dtype) => {
  it('equals the naive triple loop for any sizes up to 70, any strides (transposed, padded, interleaved, reversed), accumulate on or off', () => {
    fc.assert(fc.property(gemmCaseArb(smallSizes), (t) => mismatch(dtype, t) === -1), fcOptions(300));
  });

  it('equals the naive triple loop for sizes past one cache block', () => {
    fc.assert(fc.property(gemmCaseArb(largeSizes), (t) => mismatch(dtype, t) === -1), fcOptions(4));
  });

  it('writes zeros when k = 0 and accumulate is off, and leaves C when it is on', () => {
    for (const accumulate of [false, true]) {
      const c = allocate(dtype, 4);
      c.set([5, 6, 7, 8]);
      gemm(2, 2, 0, allocate(dtype, 0), 0, 0, 1, allocate(dtype, 0), 0, 2, 1, c, 0, 2, accumulate);
      expect(Array.from(c)).toEqual(accumulate ? [5, 6, 7, 8] : [0, 0, 0, 0]);
    }
  });
});

describe('gemm argument checks', () => {
  it('rejects operands of different dtypes', () => {
    expect(() => gemm(1, 1, 1, new Float32Array(1), 0, 1, 1, new Float64Array(1), 0, 1, 1, new Float32Array(1), 0, 1, false)).toThrow(/one dtype/);
  });

  it('rejects an operand that reaches past its storage', () => {
    expect(() => gemm(2, 2, 2, new Float64Array(3), 0, 2, 1, new Float64Array(4), 0, 2, 1, new Float64Array(4), 0, 2, false)).toThrow(/A \(2×2/);
  });
});
