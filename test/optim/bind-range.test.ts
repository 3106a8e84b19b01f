// An optimiser's update split into ranges, each bound once, equals its whole step; and a thread's update over shared state continues it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { createOptimizer } from '../../src/optim/create-optimizer.js';
import type { OptimizerConfig, OptimizerName } from '../../src/optim/optimizer-config.js';
import { bindOptimizerUpdate } from '../../src/optim/update-rules.js';
import { fcOptions } from '../support/fc.js';

const memory = KernelMemory.main();
const inKernelMemory = (length: number): Float32Array => memory.f32(memory.alloc(4 * Math.max(1, length)), length);
const plain = (length: number): Float32Array => new Float32Array(length);

function config(optimizer: OptimizerName, nesterov: boolean, weightDecay: number): OptimizerConfig {
  return { optimizer, lr: 0.01, momentum: 0.9, nesterov, weightDecay, schedule: 'constant', stepSize: 1, gamma: 1 };
}

const sameBits = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, 4 * a.length).equals(Buffer.from(b.buffer, b.byteOffset, 4 * b.length));

describe('Optimizer.bindRange', () => {
  it('advance() then the bound updates of ranges that cover the parameters equal step(), bit for bit, step after step', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptimizerName>('sgd', 'momentum', 'adam'),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.nat(200), { maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        (name, nesterov, kernel, n, cuts, steps) => {
          const make = kernel ? inKernelMemory : plain;
          const cfg = config(name, nesterov && name === 'momentum', 0.01);
          const whole = { params: make(n), grads: make(n) };
          const split = { params: make(n), grads: make(n) };
          for (let i = 0; i < n; i++) {
            whole.params[i] = split.params[i] = Math.sin(i + 1);
          }
          const a = createOptimizer(cfg, n, (_, length) => make(length));
          const b = createOptimizer(cfg, n, (_, length) => make(length));
          const bounds = [0, ...cuts.map((c) => Math.min(c, n)).sort((x, y) => x - y), n];
          const ranges = bounds.slice(1).map((end, r) => b.bindRange(split.params, split.grads, bounds[r], end));
          for (let s = 0; s < steps; s++) {
            for (let i = 0; i < n; i++) whole.grads[i] = split.grads[i] = Math.cos(i * (s + 2));
            a.step(whole.params, whole.grads, 0.05);
            const t = b.advance();
            for (const update of ranges) update(0.05, t);
          }
          expect(sameBits(split.params, whole.params)).toBe(true);
        },
      ),
      fcOptions(100),
    );
  });

  it("another thread's update, bound over the optimiser's state buffers with the step number passed in, continues the optimiser's own steps", () => {
    fc.assert(
      fc.property(fc.constantFrom<OptimizerName>('momentum', 'adam'), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 4 }), (name, n, steps) => {
        const cfg = config(name, false, 0);
        const state = new Map<string, Float32Array>();
        const owner = createOptimizer(cfg, n, (buffer, length) => {
          state.set(buffer, new Float32Array(length));
          return state.get(buffer) ?? new Float32Array(length);
        });
        const reference = createOptimizer(cfg, n, (_, length) => new Float32Array(length));
        const shared = { params: new Float32Array(n).fill(1), grads: new Float32Array(n) };
        const alone = { params: new Float32Array(n).fill(1), grads: new Float32Array(n) };
        const worker = bindOptimizerUpdate(cfg, { ...shared, state: Object.fromEntries(state) })(0, n);
        for (let s = 0; s < steps; s++) {
          for (let i = 0; i < n; i++) shared.grads[i] = alone.grads[i] = Math.cos(i + s);
          // The owner counts the step; the worker, holding no optimiser of its own, updates with its number.
          worker(0.1, owner.advance());
          reference.step(alone.params, alone.grads, 0.1);
        }
        expect(sameBits(shared.params, alone.params)).toBe(true);
        for (const [buffer, values] of Object.entries(reference.state().buffers)) expect(sameBits(owner.state().buffers[buffer], values)).toBe(true);
      }),
      fcOptions(50),
    );
  });

  it('refuses a range outside the parameters and state buffers of the wrong length', () => {
    const cfg = config('adam', false, 0);
    const optimizer = createOptimizer(cfg, 4, (_, length) => new Float32Array(length));
    expect(() => optimizer.bindRange(new Float32Array(4), new Float32Array(4), 2, 5)).toThrow('[2, 5) is not a range of 4 parameters');
    expect(() => bindOptimizerUpdate(cfg, { params: new Float32Array(4), grads: new Float32Array(4), state: { m: new Float32Array(4) } })).toThrow(
      "buffer 'v' has no floats",
    );
  });
});
