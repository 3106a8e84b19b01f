// ReLU's record: its forward and backward steps as the SIMD kernels over kernel memory give the bits of the plain loops, special values included.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { relu as reluRecord } from '../../src/ops/relu.js';
import type { Storage } from '../../src/tensor/dtype.js';
import { fcOptions } from '../support/fc.js';

const value = fc.oneof(fc.float({ noNaN: false }), fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity, 1e-45, -1e-45));
const values = fc.array(value, { maxLength: 37 });

/** The values as a float32 view of kernel memory (released by the caller's mark). */
function inKernelMemory(memory: KernelMemory, data: readonly number[]): Float32Array {
  const view = memory.f32(memory.alloc(4 * data.length), data.length);
  view.set(data);
  return view;
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.slice().buffer));

/** ReLU's forward step over n elements, bound and run once. */
function relu(z: Storage, a: Storage, n: number): void {
  reluRecord.bindForward(z, a, 1, n)();
}

/** ReLU's backward step over n elements, bound and run once. */
function reluBackward(z: Storage, u: Storage, g: Storage, n: number): void {
  reluRecord.bindBackward(z, z, u, g, 1, n)();
}

describe('the relu record’s steps', () => {
  const memory = KernelMemory.main();

  it('relu: the kernel writes the bits of the loop (NaN and −0 give +0), in place or not', () => {
    fc.assert(
      fc.property(values, fc.boolean(), (data, inPlace) => {
        const plain = Float32Array.from(data);
        const expected = new Float32Array(data.length);
        relu(plain, expected, data.length);
        plain.forEach((z, i) => expect(expected[i]).toBe(z > 0 ? z : 0));
        const mark = memory.mark();
        try {
          const z = inKernelMemory(memory, data);
          const a = inPlace ? z : inKernelMemory(memory, new Array<number>(data.length).fill(7));
          relu(z, a, data.length);
          expect(bits(a)).toEqual(bits(expected));
        } finally {
          memory.release(mark);
        }
      }),
      fcOptions(100),
    );
  });

  it('reluBackward: the kernel writes the bits of the loop, passing u where z > 0 and 0 elsewhere', () => {
    fc.assert(
      fc.property(values.chain((z) => fc.tuple(fc.constant(z), fc.array(fc.float(), { minLength: z.length, maxLength: z.length }))), ([zs, us]) => {
        const expected = new Float32Array(zs.length);
        reluBackward(Float32Array.from(zs), Float32Array.from(us), expected, zs.length);
        zs.forEach((z, i) => expect(expected[i]).toBe(z > 0 ? Math.fround(us[i]) : 0));
        const mark = memory.mark();
        try {
          const g = inKernelMemory(memory, us);
          reluBackward(inKernelMemory(memory, zs), g, g, zs.length);
          expect(bits(g)).toEqual(bits(expected));
        } finally {
          memory.release(mark);
        }
      }),
      fcOptions(100),
    );
  });

  it('refuses a count past the end of an array', () => {
    expect(() => relu(new Float32Array(3), new Float32Array(2), 3)).toThrow(RangeError);
  });
});
