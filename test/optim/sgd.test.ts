// Tests of plain SGD (momentum without velocity) against a float64 reference, weight decay, a quadratic, and its wasm kernel against its loop.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { createOptimizer } from '../../src/optim/create-optimizer.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import { fcOptions } from '../support/fc.js';
import { closeTo, optimConfig, problems, recordingAllocator, referenceMomentum } from './fixtures.js';

/** SGD over n parameters with this weight decay. */
function sgd(n: number, weightDecay: number): Optimizer {
  return createOptimizer(optimConfig({ optimizer: 'sgd', weightDecay }), n, recordingAllocator().allocate);
}
import { expectParity, parityCases } from './parity.js';

describe('sgd', () => {
  it('a few steps equal the float64 reference p ← p − lr·(g + wd·p) to float32 rounding', () => {
    fc.assert(
      fc.property(problems, ({ params, grads, lr, weightDecay }) => {
        const p = Float32Array.from(params);
        const optimizer = sgd(p.length, weightDecay);
        for (const g of grads) optimizer.step(p, Float32Array.from(g), lr);
        expect(closeTo(p, referenceMomentum(params, grads, lr, 0, false, weightDecay))).toBe(true);
      }),
      fcOptions(200),
    );
  });

  it('with a zero gradient, weight decay shrinks every parameter by the factor 1 − lr·wd', () => {
    const p = Float32Array.from([4, -2, 0.5]);
    sgd(3, 0.25).step(p, new Float32Array(3), 0.5);
    expect(Array.from(p)).toEqual([4 * 0.875, -2 * 0.875, 0.5 * 0.875]);
  });

  it('minimises a quadratic ½·Σ a·(p − c)²', () => {
    const a = [0.5, 1, 2];
    const c = [3, -1, 0.25];
    const p = new Float32Array(3);
    const g = new Float32Array(3);
    const optimizer = sgd(3, 0);
    for (let step = 0; step < 200; step++) {
      for (let i = 0; i < 3; i++) g[i] = a[i] * (p[i] - c[i]);
      optimizer.step(p, g, 0.3);
    }
    for (let i = 0; i < 3; i++) expect(p[i]).toBeCloseTo(c[i], 5);
  });

  it('over kernel memory, sgd_f32 gives the TypeScript loop\'s bits, for any n, offsets, lr and weight decay', () => {
    const memory = KernelMemory.main();
    fc.assert(
      fc.property(parityCases, (c) => expectParity(memory, c, 'sgd_f32', () => sgd(c.n, c.weightDecay))),
      fcOptions(100),
    );
  });

  it('refuses buffers of the wrong length', () => {
    expect(() => sgd(3, 0).step(new Float32Array(2), new Float32Array(3), 0.1)).toThrow(RangeError);
  });
});
