// The compiled kernel module: no state two instances could share, and add_f32 against a loop.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { instantiateKernels } from '../../src/kernels/wasm-kernels.js';
import { kernelWasmPath } from '../../src/paths.js';
import { Random } from '../../src/tensor/random.js';
import { fcOptions } from '../support/fc.js';

const SECTION = { import: 2, global: 6, start: 8, data: 11, dataCount: 12 } as const;

/** Reads an unsigned LEB128 number at `at`; returns it and the position after it. */
function leb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
  }
}

/** The ids of the module's sections, in order. */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    ids.push(id);
    at = body + size;
  }
  return ids;
}

describe('the kernel module', () => {
  it('has no data, global or start section, so instances on one shared memory share nothing else', () => {
    const ids = sectionIds(new Uint8Array(readFileSync(kernelWasmPath)));
    expect(ids).toContain(SECTION.import);
    for (const id of [SECTION.global, SECTION.start, SECTION.data, SECTION.dataCount]) expect(ids).not.toContain(id);
  });

  it('gives the same product from two instances over one memory, called in turn', () => {
    const context = KernelMemory.main();
    const other = instantiateKernels(context.module, context.memory);
    const mark = context.mark();
    const a = context.alloc(4 * 9);
    const c1 = context.alloc(4 * 9);
    const c2 = context.alloc(4 * 9);
    const scratch = context.alloc(context.kernels.gemm_f32_scratch(3, 3, 3));
    context.f32(a, 9).set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    context.kernels.gemm_f32(3, 3, 3, a, 3, 1, a, 3, 1, c1, 3, 0, scratch);
    other.gemm_f32(3, 3, 3, a, 3, 1, a, 3, 1, c2, 3, 0, scratch);
    expect(Array.from(context.f32(c1, 9))).toEqual([30, 36, 42, 66, 81, 96, 102, 126, 150]);
    expect(Array.from(context.f32(c2, 9))).toEqual(Array.from(context.f32(c1, 9)));
    context.release(mark);
  });
});

describe('add_f32', () => {
  it('equals the elementwise float32 loop for any length and any (unaligned) offsets', () => {
    const context = KernelMemory.main();
    const cases = fc.record({ n: fc.nat(300), dstShift: fc.nat(7), srcShift: fc.nat(7), seed: fc.nat() });
    fc.assert(fc.property(cases, ({ n, dstShift, srcShift, seed }) => {
      const mark = context.mark();
      try {
        const dst = context.f32(context.alloc(4 * (n + 8)) + 4 * dstShift, n + 1);
        const src = context.f32(context.alloc(4 * (n + 8)) + 4 * srcShift, n + 1);
        const random = new Random(seed);
        for (let i = 0; i <= n; i++) {
          dst[i] = random.nextNormal();
          src[i] = random.nextNormal();
        }
        const expected = dst.slice();
        for (let i = 0; i < n; i++) expected[i] += src[i];
        context.kernels.add_f32(n, dst.byteOffset, src.byteOffset);
        return expected.every((value, i) => Object.is(value, dst[i]));
      } finally {
        context.release(mark);
      }
    }), fcOptions(200));
  });
});

describe('gemm_f32_scratch', () => {
  it('never exceeds KernelMemory.SCRATCH_BYTES, whatever the sizes', () => {
    const kernels = KernelMemory.main().kernels;
    const size = fc.integer({ min: 1, max: 100_000 });
    fc.assert(fc.property(size, size, size, (m, n, k) => kernels.gemm_f32_scratch(m, n, k) <= KernelMemory.SCRATCH_BYTES), fcOptions(200));
  });
});
