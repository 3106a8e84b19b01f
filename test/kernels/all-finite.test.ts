// allFinite and nonfinite_f32: one NaN or ±Inf anywhere is found, finite extremes are not, nothing past n is read.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allFinite } from '../../src/kernels/all-finite.js';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { Random } from '../../src/tensor/random.js';
import { fcOptions } from '../support/fc.js';

/** The largest finite float32, and the smallest positive (subnormal) one. */
const FLOAT32_MAX = 3.4028234663852886e38;
const FLOAT32_TINY = 2 ** -149;

/** Finite float32 values, including both zeros, subnormals and ±FLT_MAX. */
function finiteValues(random: Random, values: Float32Array): void {
  const extremes = [0, -0, FLOAT32_TINY, -FLOAT32_TINY, FLOAT32_MAX, -FLOAT32_MAX];
  for (let i = 0; i < values.length; i++) {
    values[i] = random.nextInt(4) === 0 ? extremes[random.nextInt(extremes.length)] : random.nextNormal() * 1e30;
  }
}

/** n finite values at a view `shift` floats past a 128-byte boundary, with one more float after them. */
function kernelView(memory: KernelMemory, n: number, shift: number): Float32Array {
  return memory.f32(memory.alloc(4 * (n + 5)) + 4 * shift, n);
}

const cases = fc.record({ n: fc.nat(300), shift: fc.nat(3), seed: fc.nat() });
const bad = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);

describe('allFinite', () => {
  it('is true for finite data, ±0, subnormals and ±FLT_MAX included, in kernel memory and in a plain array', () => {
    const memory = KernelMemory.main();
    fc.assert(fc.property(cases, ({ n, shift, seed }) => {
      const mark = memory.mark();
      try {
        const values = kernelView(memory, n, shift);
        finiteValues(new Random(seed), values);
        expect(memory.kernels.nonfinite_f32(n, values.byteOffset)).toBe(0);
        expect(allFinite(values)).toBe(true);
        expect(allFinite(values.slice())).toBe(true);
      } finally {
        memory.release(mark);
      }
    }), fcOptions(100));
  });

  it('finds a single NaN, +Inf or −Inf at any position (in the vector body or the tail), in kernel memory and in a plain array', () => {
    const memory = KernelMemory.main();
    const placed = cases.filter(({ n }) => n > 0).chain((c) => fc.record({ c: fc.constant(c), at: fc.nat(c.n - 1), value: bad }));
    fc.assert(fc.property(placed, ({ c, at, value }) => {
      const mark = memory.mark();
      try {
        const values = kernelView(memory, c.n, c.shift);
        finiteValues(new Random(c.seed), values);
        values[at] = value;
        expect(memory.kernels.nonfinite_f32(c.n, values.byteOffset)).toBe(1);
        expect(allFinite(values)).toBe(false);
        expect(allFinite(values.slice())).toBe(false);
      } finally {
        memory.release(mark);
      }
    }), fcOptions(200));
  });

  it('reads nothing past its n values: a NaN just after them does not count', () => {
    const memory = KernelMemory.main();
    fc.assert(fc.property(cases, bad, ({ n, shift, seed }, value) => {
      const mark = memory.mark();
      try {
        const values = kernelView(memory, n, shift);
        finiteValues(new Random(seed), values);
        memory.f32(values.byteOffset + 4 * n, 1)[0] = value;
        expect(allFinite(values)).toBe(true);
      } finally {
        memory.release(mark);
      }
    }), fcOptions(100));
  });
});
