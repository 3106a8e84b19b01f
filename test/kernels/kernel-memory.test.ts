// KernelMemory on the main thread: limits agree with the build, the arena, owns across growth, addInto.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelMemory, MEMORY_PAGES, kernelModule } from '../../src/kernels/kernel-memory.js';
import { fcOptions } from '../support/fc.js';
// @ts-expect-error: a plain JavaScript build script, without declarations.
import { memoryPages } from '../../scripts/build-wasm.mjs';

describe('KernelMemory', () => {
  it('creates its memory with the page limits the module was compiled with', () => {
    expect(MEMORY_PAGES).toEqual(memoryPages);
    const context = KernelMemory.main();
    expect(context.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(context.module).toBe(kernelModule());
    expect(KernelMemory.current()).toBe(context);
  });

  it('hands out aligned, disjoint ranges inside the memory, and release(mark) frees exactly what came after mark', () => {
    const context = KernelMemory.main();
    const request = fc.record({ bytes: fc.nat(100_000), align: fc.constantFrom(4, 16, 64, 128, 4096) });
    fc.assert(fc.property(fc.array(request, { maxLength: 20 }), (requests) => {
      const mark = context.mark();
      const ranges = requests.map(({ bytes, align }) => ({ start: context.alloc(bytes, align), bytes, align }));
      const aligned = ranges.every(({ start, align }) => start % align === 0);
      const inside = ranges.every(({ start, bytes }) => start >= mark && start + bytes <= context.memory.buffer.byteLength);
      const disjoint = ranges.every((r, i) => i === 0 || ranges[i - 1].start + ranges[i - 1].bytes <= r.start);
      context.release(mark);
      return aligned && inside && disjoint && context.mark() === mark;
    }), fcOptions(50));
  });

  it('owns views made before and after the memory grows, and no others', () => {
    const context = KernelMemory.main();
    const mark = context.mark();
    const before = context.f32(context.alloc(64), 16);
    const oldBuffer = context.memory.buffer;
    context.alloc(oldBuffer.byteLength);
    const after = context.f32(context.alloc(64), 16);
    expect(context.memory.buffer).not.toBe(oldBuffer);
    expect(context.owns(before)).toBe(true);
    expect(context.owns(after)).toBe(true);
    expect(context.owns(new Float32Array(16))).toBe(false);
    expect(context.owns(new Float32Array(new SharedArrayBuffer(64)))).toBe(false);
    context.release(mark);
  });

  it('gives transient room at the aligned top without moving it, growing the memory when the bytes are not there yet', () => {
    const context = KernelMemory.main();
    const mark = context.mark();
    context.alloc(3, 4);
    const top = context.mark();
    const start = context.transient(256);
    expect(start % 128).toBe(0);
    expect(start).toBeGreaterThanOrEqual(top);
    expect(start - top).toBeLessThan(128);
    expect(context.mark()).toBe(top);
    const size = context.memory.buffer.byteLength;
    const far = context.transient(size);
    expect(far).toBe(start);
    expect(context.memory.buffer.byteLength).toBeGreaterThanOrEqual(start + size);
    expect(context.mark()).toBe(top);
    expect(() => context.transient(MEMORY_PAGES.maximum * 65536)).toThrow(/pass the end/);
    context.release(mark);
  });

  it('rejects a release past the top and an allocation past the maximum memory', () => {
    const context = KernelMemory.main();
    expect(() => context.release(context.mark() + 128)).toThrow(/outside the arena/);
    expect(() => context.alloc(MEMORY_PAGES.maximum * 65536)).toThrow(/pass the end/);
  });
});

describe('KernelMemory.addInto', () => {
  it('adds src into dst over [begin, end) exactly as the float32 loop does, in or out of kernel memory', () => {
    const context = KernelMemory.main();
    const cases = fc.record({ n: fc.nat(200), cut: fc.nat(200), inside: fc.boolean(), values: fc.array(fc.float({ noNaN: true }), { minLength: 400, maxLength: 400 }) });
    fc.assert(fc.property(cases, ({ n, cut, inside, values }) => {
      const mark = context.mark();
      try {
        const make = (): Float32Array => (inside ? context.f32(context.alloc(4 * n), n) : new Float32Array(n));
        const dst = make();
        const src = make();
        dst.set(values.slice(0, n));
        src.set(values.slice(200, 200 + n));
        const begin = Math.min(cut, n);
        const expected = dst.slice();
        for (let i = begin; i < n; i++) expected[i] += src[i];
        context.addInto(dst, src, begin, n);
        return expected.every((value, i) => Object.is(value, dst[i]));
      } finally {
        context.release(mark);
      }
    }), fcOptions(100));
  });

  it('rejects a range that does not fit both arrays', () => {
    expect(() => KernelMemory.main().addInto(new Float32Array(4), new Float32Array(3), 0, 4)).toThrow(/range \[0, 4\)/);
  });
});
