// gatherRows: the memory.copy kernel over kernel memory and the plain loop pick the same samples.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatherRows } from '../../src/kernels/gather-rows.js';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { fcOptions } from '../support/fc.js';

const gatherCase = fc
  .record({ samples: fc.integer({ min: 1, max: 12 }), width: fc.integer({ min: 1, max: 9 }), seed: fc.nat() })
  .chain(({ samples, width, seed }) =>
    fc.record({
      samples: fc.constant(samples),
      width: fc.constant(width),
      seed: fc.constant(seed),
      order: fc.array(fc.integer({ min: 0, max: samples - 1 }), { minLength: 1, maxLength: 16 }),
    }),
  )
  .chain((c) => fc.record({ c: fc.constant(c), from: fc.integer({ min: 0, max: c.order.length - 1 }) }))
  .chain(({ c, from }) => fc.record({ c: fc.constant(c), from: fc.constant(from), rows: fc.integer({ min: 0, max: c.order.length - from }) }));

describe('gatherRows', () => {
  it('row r of the target is sample order[from + r] of the source, in kernel memory (one copy per row) or not', () => {
    const memory = KernelMemory.main();
    fc.assert(
      fc.property(gatherCase, ({ c, from, rows }) => {
        const values = Float32Array.from({ length: c.samples * c.width }, (_, i) => i + c.seed / 7);
        const expected = new Float32Array(rows * c.width);
        for (let r = 0; r < rows; r++) expected.set(values.subarray(c.order[from + r] * c.width, (c.order[from + r] + 1) * c.width), r * c.width);

        const plain = new Float32Array(rows * c.width);
        gatherRows(values, Uint32Array.from(c.order), from, rows, c.width, plain);
        expect(plain).toEqual(expected);

        const mark = memory.mark();
        try {
          const source = memory.f32(memory.alloc(4 * values.length), values.length);
          source.set(values);
          const order = new Uint32Array(memory.memory.buffer, memory.alloc(4 * c.order.length), c.order.length);
          order.set(c.order);
          const target = memory.f32(memory.alloc(4 * rows * c.width), rows * c.width);
          gatherRows(source, order, from, rows, c.width, target);
          expect(target.slice()).toEqual(expected);
        } finally {
          memory.release(mark);
        }
      }),
      fcOptions(100),
    );
  });

  it('refuses rows past the end of the order or of the target, a sample past the source, and a width that is not a count', () => {
    const source = new Float32Array(8);
    expect(() => gatherRows(source, new Uint32Array(2), 1, 2, 4, new Float32Array(8))).toThrow(RangeError);
    expect(() => gatherRows(source, new Uint32Array(2), 0, 2, 4, new Float32Array(7))).toThrow(RangeError);
    expect(() => gatherRows(source, Uint32Array.from([0, 2]), 0, 2, 4, new Float32Array(8))).toThrow('order[1] = 2 is past the source');
    expect(() => gatherRows(source, new Uint32Array(2), 0, 2, 2.5, new Float32Array(8))).toThrow(RangeError);
  });
});
