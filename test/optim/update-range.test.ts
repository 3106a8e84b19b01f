import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { createOptimizer } from '../../src/optim/create-optimizer.js';
import type { OptimizerConfig, OptimizerName } from '../../src/optim/optimizer-config.js';
import { fcOptions } from '../support/fc.js';

const memory = KernelMemory.main();
const inKernelMemory = (length: number): Float32Array => memory.f32(memory.alloc(4 * Math.max(1, length)), length);
const plain = (length: number): Float32Array => new Float32Array(length);

function config(optimizer: OptimizerName, nesterov: boolean, weightDecay: number): OptimizerConfig {
  return { optimizer, lr: 0.01, momentum: 0.9, nesterov, weightDecay, schedule: 'constant', stepSize: 1, gamma: 1 };
}

describe('Optimizer.updateRange', () => {
  it('advance() then updateRange over ranges that cover the parameters equals step(), bit for bit', () => {
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
          for (let s = 0; s < steps; s++) {
            for (let i = 0; i < n; i++) whole.grads[i] = split.grads[i] = Math.cos(i * (s + 2));
            a.step(whole.params, whole.grads, 0.05);
            const t = b.advance();
            for (let r = 0; r + 1 < bounds.length; r++) b.updateRange(split.params, split.grads, 0.05, t, bounds[r], bounds[r + 1]);
          }
          expect(Buffer.from(split.params.buffer, split.params.byteOffset, 4 * n).equals(Buffer.from(whole.params.buffer, whole.params.byteOffset, 4 * n))).toBe(true);
        },
      ),
      fcOptions(100),
    );
  });

  it('a twin created over live state (zeroState false) continues it', () => {
    const n = 10;
    const buffers = new Map<string, Float32Array>();
    const allocate = (name: string, length: number): Float32Array => {
      const existing = buffers.get(name) ?? new Float32Array(length);
      buffers.set(name, existing);
      return existing;
    };
    const first = createOptimizer(config('adam', false, 0), n, allocate);
    first.step(new Float32Array(n).fill(1), new Float32Array(n).fill(0.5), 0.1);
    const twin = createOptimizer(config('adam', false, 0), n, allocate, false);
    expect(Array.from(buffers.get('m') ?? [])).toEqual(new Array(n).fill(Math.fround(0.05)));
    expect(twin.state().buffers.m).toBe(buffers.get('m'));
  });
});
