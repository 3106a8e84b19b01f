// gatherRows: the memory.copy kernel over kernel memory and the plain loop pick the same samples.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindGatherRows, gatherRows } from '../../src/kernels/gather-rows.js';
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

  it('in kernel memory, a sample past the source throws before any row is copied (the kernel checks the indices first)', () => {
    const memory = KernelMemory.main();
    const mark = memory.mark();
    try {
      const source = memory.f32(memory.alloc(4 * 8), 8).fill(1);
      const order = new Uint32Array(memory.memory.buffer, memory.alloc(4 * 3), 3);
      order.set([1, 0, 2]);
      const target = memory.f32(memory.alloc(4 * 12), 12).fill(0);
      const gather = bindGatherRows(source, order, 4, target);
      expect(() => gather(0, 3)).toThrow('order[2] = 2 is past the source');
      expect(target.every((value) => value === 0)).toBe(true);
      gather(0, 2);
      expect(target.slice(0, 8).every((value) => value === 1)).toBe(true);
    } finally {
      memory.release(mark);
    }
  });

  it('gathers int32 labels (width 1) in kernel memory as the loop does', () => {
    const memory = KernelMemory.main();
    fc.assert(
      fc.property(gatherCase, ({ c, from, rows }) => {
        const values = Int32Array.from({ length: c.samples * c.width }, (_, i) => i * 7 - c.seed);
        const loop = new Int32Array(rows * c.width);
        gatherRows(values, Uint32Array.from(c.order), from, rows, c.width, loop);
        const mark = memory.mark();
        try {
          const source = new Int32Array(memory.memory.buffer, memory.alloc(4 * values.length), values.length);
          source.set(values);
          const order = new Uint32Array(memory.memory.buffer, memory.alloc(4 * c.order.length), c.order.length);
          order.set(c.order);
          const target = new Int32Array(memory.memory.buffer, memory.alloc(4 * rows * c.width), rows * c.width);
          bindGatherRows(source, order, c.width, target)(from, rows);
          expect(target.slice()).toEqual(loop);
        } finally {
          memory.release(mark);
        }
      }),
      fcOptions(50),
    );
  });
});
