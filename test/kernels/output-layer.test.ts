// The output layer's kernels (softmax, softmax cross-entropy, hits), bound by their records, against their loops.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countHits } from '../../src/kernels/count-hits.js';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { crossEntropy } from '../../src/nn/losses/cross-entropy.js';
import { softmax } from '../../src/ops/softmax.js';
import type { Storage } from '../../src/tensor/dtype.js';
import { fcOptions } from '../support/fc.js';

/** Rows of logits (some large, to exercise the max shift) and a label per row. */
const outputs = fc
  .record({ rows: fc.integer({ min: 1, max: 9 }), width: fc.integer({ min: 1, max: 12 }), spread: fc.constantFrom(0.01, 1, 30, 300) })
  .chain(({ rows, width, spread }) =>
    fc.record({
      rows: fc.constant(rows),
      width: fc.constant(width),
      z: fc.array(fc.double({ min: -1, max: 1, noNaN: true }).map((x) => Math.fround(x * spread)), { minLength: rows * width, maxLength: rows * width }),
      labels: fc.array(fc.integer({ min: 0, max: width - 1 }), { minLength: rows, maxLength: rows }),
    }),
  );

/** The softmax record's forward step over `rows` rows, bound and run once. */
function softmaxRows(z: Storage, s: Storage, rows: number, width: number): void {
  softmax.bindForward(z, s, rows, width)();
}

/** The cross-entropy record's loop over `rows` rows, bound and run once at `scale`. */
function softmaxCrossEntropy(z: Storage, s: Storage, labels: Int32Array, labelOffset: number, g: Storage, rows: number, width: number, scale: number): number {
  return crossEntropy.bind(z, s, labels, labelOffset, g, rows, width)(scale);
}

describe('output-layer kernels', () => {
  const memory = KernelMemory.main();

  it('softmax, the cross-entropy gradient and the hit count over kernel memory give the bits of the loops; the loss agrees to a few ulps', () => {
    fc.assert(
      fc.property(outputs, fc.double({ min: 1e-3, max: 1, noNaN: true }), fc.nat(3), ({ rows, width, z, labels }, scale, offset) => {
        const n = rows * width;
        const plainS = new Float32Array(n);
        const plainG = new Float32Array(n);
        // The labels start `offset` entries into their array, as a slice's do in a pass.
        const plainLabels = Int32Array.from([...new Array<number>(offset).fill(width), ...labels]);
        softmaxRows(Float32Array.from(z), plainS, rows, width);
        const plainLoss = softmaxCrossEntropy(Float32Array.from(z), plainS, plainLabels, offset, plainG, rows, width, scale);
        const plainHits = countHits(plainS, plainLabels, offset, rows, width);

        const mark = memory.mark();
        try {
          const zk = memory.f32(memory.alloc(4 * n), n);
          zk.set(z);
          const s = memory.f32(memory.alloc(4 * n), n);
          const g = memory.f32(memory.alloc(4 * n), n);
          const lk = new Int32Array(memory.memory.buffer, memory.alloc(4 * plainLabels.length), plainLabels.length);
          lk.set(plainLabels);
          softmaxRows(zk, s, rows, width);
          expect(s.slice()).toEqual(plainS);
          // The loss's log is musl's in the kernel and fdlibm's in V8: equal to a few ulps, not always to the bit.
          expect(Math.abs(softmaxCrossEntropy(zk, s, lk, offset, g, rows, width, scale) - plainLoss)).toBeLessThanOrEqual(8 * Number.EPSILON * Math.max(1, Math.abs(plainLoss)));
          expect(g.slice()).toEqual(plainG);
          expect(countHits(s, lk, offset, rows, width)).toBe(plainHits);
        } finally {
          memory.release(mark);
        }
      }),
      fcOptions(200),
    );
  });

  it('the loss is logsumexp(z) − z[label] summed over rows, and the gradient (s − onehot)·scale', () => {
    const z = Float32Array.from([0, Math.log(3), 5, 5]);
    const s = new Float32Array(4);
    softmaxRows(z, s, 2, 2);
    const g = new Float32Array(4);
    const loss = softmaxCrossEntropy(z, s, Int32Array.from([0, 1]), 0, g, 2, 2, 0.5);
    expect(loss).toBeCloseTo(Math.log(4) + Math.log(2), 6);
    expect(Array.from(g)).toEqual([0.125 - 0.5, 0.375, 0.25, -0.25].map(Math.fround));
    expect(countHits(s, Int32Array.from([1, 0]), 0, 2, 2)).toBe(2);
  });
});
