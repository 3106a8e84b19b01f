// kernelsOwning: the wasm kernels only when every view lies in this thread's kernel memory.

import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { kernelsOwning } from '../../src/kernels/kernels-owning.js';

describe('kernelsOwning', () => {
  it('gives the kernels when one to four views all lie in kernel memory', () => {
    const memory = KernelMemory.main();
    const mark = memory.mark();
    const views = [1, 2, 3, 4].map((n) => memory.f32(memory.alloc(4 * n), n));
    expect(kernelsOwning(views[0])).toBe(memory.kernels);
    expect(kernelsOwning(views[0], views[1])).toBe(memory.kernels);
    expect(kernelsOwning(views[0], views[1], views[2])).toBe(memory.kernels);
    expect(kernelsOwning(views[0], views[1], views[2], views[3])).toBe(memory.kernels);
    memory.release(mark);
  });

  it('gives undefined when any view is a plain array or a SharedArrayBuffer that is not kernel memory', () => {
    const memory = KernelMemory.main();
    const mark = memory.mark();
    const owned = memory.f32(memory.alloc(16), 4);
    const others = [new Float32Array(4), new Float32Array(new SharedArrayBuffer(16))];
    for (const other of others) {
      expect(kernelsOwning(other)).toBeUndefined();
      expect(kernelsOwning(other, owned)).toBeUndefined();
      expect(kernelsOwning(owned, other)).toBeUndefined();
      expect(kernelsOwning(owned, owned, other)).toBeUndefined();
      expect(kernelsOwning(owned, owned, owned, other)).toBeUndefined();
    }
    memory.release(mark);
  });
});
