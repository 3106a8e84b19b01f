// The dense layer's derived weight-gradient contraction bound over column blocks, as the first-layer tiles run it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileEinsum } from '../../src/einsum/einsum.js';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { bindWeightGradientColumns } from '../../src/nn/dense-layer.js';
import { Random } from '../../src/tensor/random.js';
import { fcOptions } from '../support/fc.js';

/** `inputs` columns cut into blocks `width` wide (a multiple of 8, as the tiles cut them), the last one narrower. */
function blocks(inputs: number, width: number): { begin: number; end: number }[] {
  const cut = [];
  for (let begin = 0; begin < inputs; begin += width) cut.push({ begin, end: Math.min(inputs, begin + width) });
  return cut;
}

describe('bindWeightGradientColumns', () => {
  it('dW = gᵀa bound over column blocks of a gives the bits of the derived contraction nj,ni->ji whole, and leaves the other parameters alone', () => {
    const memory = KernelMemory.main();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.nat(), (rows, outputs, inputs, eights, seed) => {
        const mark = memory.mark();
        try {
          const f32 = (length: number): Float32Array => memory.f32(memory.alloc(4 * length), length);
          const random = new Random(seed);
          const [g, a] = [f32(rows * outputs), f32(rows * inputs)];
          for (const buffer of [g, a]) for (let i = 0; i < buffer.length; i++) buffer[i] = Math.fround(2 * random.nextFloat() - 1);
          const whole = f32(outputs * inputs);
          compileEinsum('nj,ni->ji', [[rows, outputs], [rows, inputs]], 'float32').run([g, a], whole);
          // The layer's weights sit after 3 other parameters, its bias after them: a block writes only its columns.
          const slots = { inputs, outputs, weight: 3, bias: 3 + outputs * inputs };
          const grads = f32(slots.bias + outputs).fill(7);
          for (const columns of blocks(inputs, 8 * eights)) bindWeightGradientColumns(slots, grads, { input: a, g }, rows, columns, 'float32')();
          const tiled = grads.subarray(slots.weight, slots.bias);
          expect(Buffer.from(tiled.buffer, tiled.byteOffset, tiled.byteLength).equals(Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength))).toBe(true);
          expect([...grads.subarray(0, 3), ...grads.subarray(slots.bias)].every((v) => v === 7)).toBe(true);
        } finally {
          memory.release(mark);
        }
      }),
      fcOptions(60),
    );
  });
});
