// bindBroadcastRows: every row of the target becomes the given row, through the kernel or the loop.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindBroadcastRows } from '../../src/kernels/broadcast-rows.js';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { fcOptions } from '../support/fc.js';

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.slice().buffer));

describe('bindBroadcastRows', () => {
  it('writes the row into each of the first rows, the same bits in kernel memory or not, and nothing past them', () => {
    const memory = KernelMemory.main();
    const shape = fc.record({ rows: fc.nat(9), width: fc.nat(11), spare: fc.nat(5) });
    fc.assert(
      fc.property(shape, fc.array(fc.float({ noNaN: false }), { minLength: 11, maxLength: 11 }), ({ rows, width, spare }, values) => {
        const row = Float32Array.from(values.slice(0, width));
        const expected = new Float32Array(rows * width + spare).fill(-1);
        for (let r = 0; r < rows; r++) expected.set(row, r * width);

        const plain = new Float32Array(rows * width + spare).fill(-1);
        bindBroadcastRows(row, plain, rows, width)();
        expect(bits(plain)).toEqual(bits(expected));

        const mark = memory.mark();
        try {
          const source = memory.f32(memory.alloc(4 * width), width);
          source.set(row);
          const target = memory.f32(memory.alloc(4 * (rows * width + spare)), rows * width + spare).fill(-1);
          bindBroadcastRows(source, target, rows, width)();
          expect(bits(target)).toEqual(bits(expected));
        } finally {
          memory.release(mark);
        }
      }),
      fcOptions(100),
    );
  });

  it('refuses rows that do not fit the target and a width past the row', () => {
    expect(() => bindBroadcastRows(new Float32Array(3), new Float32Array(8), 3, 3)).toThrow(RangeError);
    expect(() => bindBroadcastRows(new Float32Array(3), new Float32Array(8), 2, 4)).toThrow(RangeError);
  });
});
