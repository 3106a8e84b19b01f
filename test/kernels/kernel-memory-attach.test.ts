// KernelMemory.attach, as a worker uses it: scratch only from its slice, and gemm runs on it.
// (A file of its own: attaching makes the context current for the rest of the thread.)

import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { gemm } from '../../src/kernels/gemm.js';

describe('KernelMemory.attach', () => {
  const main = KernelMemory.main();
  const bytes = KernelMemory.SCRATCH_BYTES + 4096;
  const base = main.alloc(bytes);
  const worker = KernelMemory.attach(main.memory, main.module, { base, bytes });

  it('becomes the current context, over the same memory', () => {
    expect(KernelMemory.current()).toBe(worker);
    expect(worker.memory).toBe(main.memory);
    expect(worker.owns(main.f32(base, 4))).toBe(true);
  });

  it('allocates only inside [base, base + bytes)', () => {
    const mark = worker.mark();
    const start = worker.alloc(bytes - 128, 64);
    expect(start).toBeGreaterThanOrEqual(base);
    expect(start + bytes - 128).toBeLessThanOrEqual(base + bytes);
    expect(() => worker.alloc(256)).toThrow(/scratch/);
    worker.release(mark);
  });

  it('runs float32 gemm on operands outside kernel memory, copying them through its scratch', () => {
    const a = new Float32Array([1, 2, 3, 4, 5, 6]);
    const b = new Float32Array([1, 0, 0, 1, 1, 1]);
    const c = new Float32Array(4);
    gemm(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 0, 2, false);
    expect(Array.from(c)).toEqual([4, 5, 10, 11]);
    expect(worker.mark()).toBe(base);
  });

  it('rejects a scratch range past the end of the memory', () => {
    const size = main.memory.buffer.byteLength;
    expect(() => KernelMemory.attach(main.memory, main.module, { base: size - 64, bytes: 128 })).toThrow(/past the memory/);
  });
});
