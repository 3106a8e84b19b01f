// Tests of the optimiser factory: state buffers from the caller, determinism, and checkpoint resumption.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/optim/create-optimizer.js';
import type { OptimizerName } from '../../src/optim/optimizer-config.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';
import { optimConfig, problems, recordingAllocator } from './fixtures.js';

const names: OptimizerName[] = ['sgd', 'momentum', 'adam'];

describe('createOptimizer', () => {
  it('takes its state buffers from the caller, by name, and zeroes them', () => {
    const expected: Record<OptimizerName, string[]> = { sgd: [], momentum: ['velocity'], adam: ['m', 'v'] };
    for (const name of names) {
      const requests: [string, number][] = [];
      const optimizer = createOptimizer(optimConfig({ optimizer: name }), 5, (buffer, length) => {
        requests.push([buffer, length]);
        return new Float32Array(length).fill(7);
      });
      expect(optimizer.name).toBe(name);
      expect(requests).toEqual(expected[name].map((buffer) => [buffer, 5]));
      const { buffers } = optimizer.state();
      expect(Object.keys(buffers)).toEqual(expected[name]);
      for (const buffer of Object.values(buffers)) expect(Array.from(buffer)).toEqual([0, 0, 0, 0, 0]);
    }
  });

  it('refuses a buffer of the wrong length from the allocator', () => {
    expect(() => createOptimizer(optimConfig({ optimizer: 'adam' }), 4, () => new Float32Array(3))).toThrow(
      "buffer 'm' has 3 floats, not 4",
    );
  });

  it('checks the configuration first', () => {
    expect(() => createOptimizer(optimConfig({ lr: -1 }), 1, recordingAllocator().allocate)).toThrow(UserError);
  });

  it('a run interrupted by a checkpoint (buffers copied, scalars restored) is bit-identical to an uninterrupted one', () => {
    fc.assert(
      fc.property(
        problems,
        fc.constantFrom(...names),
        fc.boolean(),
        fc.nat(),
        ({ params, grads, lr, weightDecay }, optimizer, nesterov, cut) => {
          const config = optimConfig({ optimizer, nesterov, weightDecay });
          const split = cut % (grads.length + 1);
          const straight = Float32Array.from(params);
          const first = createOptimizer(config, params.length, recordingAllocator().allocate);
          for (const g of grads) first.step(straight, Float32Array.from(g), lr);

          const resumed = Float32Array.from(params);
          const before = createOptimizer(config, params.length, recordingAllocator().allocate);
          for (const g of grads.slice(0, split)) before.step(resumed, Float32Array.from(g), lr);
          const saved = before.state();
          const after = createOptimizer(config, params.length, recordingAllocator().allocate);
          const fresh = after.state();
          for (const [name, buffer] of Object.entries(saved.buffers)) fresh.buffers[name].set(buffer);
          after.restore({ ...saved.scalars });
          for (const g of grads.slice(split)) after.step(resumed, Float32Array.from(g), lr);

          expect(Buffer.from(resumed.buffer).equals(Buffer.from(straight.buffer))).toBe(true);
        },
      ),
      fcOptions(100),
    );
  });
});
