import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { train } from '../../src/train/trainer.js';
import { fcOptions } from '../support/fc.js';
import { smallConfig, syntheticCsv } from '../support/config.js';

const data = syntheticCsv(300, 9);

describe('Executor', () => {
  it('the data-parallel step equals the one-thread step, bit for bit, for any widths, batch, shards and thread count', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 0, maxLength: 2 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 2, max: 4 }),
        fc.constantFrom('sgd' as const, 'momentum' as const, 'adam' as const),
        async (hidden, batchSize, shards, threads, optimizer) => {
          const config = (t: number) =>
            smallConfig(data, {
              model: { ...smallConfig(data).model, layers: [64, ...hidden, 10] },
              optim: { ...smallConfig(data).optim, optimizer },
              batchSize,
              shards: Math.min(shards, batchSize),
              epochs: 1,
              threads: t,
            });
          const one = await train(config(1), { stepsPerEpoch: 3 });
          const many = await train(config(threads), { stepsPerEpoch: 3 });
          expect(many.threads).toBe(threads);
          expect(Buffer.from(many.parameters.buffer).equals(Buffer.from(one.parameters.buffer))).toBe(true);
          expect(many.train_loss).toBe(one.train_loss);
          // Each thread evaluates a share of the test set; the hit counts add up to the same accuracy.
          expect(many.test_accuracy).toBe(one.test_accuracy);
        },
      ),
      fcOptions(15),
    );
  });

  it('a thread held up before each phase changes no bit: the others do its share, and it takes nothing when it arrives late', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }),
        fc.nat(),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 4, max: 24 }),
        async (threads, slotSeed, milliseconds, shards) => {
          const config = (t: number) => smallConfig(data, { batchSize: 96, shards, epochs: 1, threads: t });
          const one = await train(config(1), { stepsPerEpoch: 8 });
          const stall = { slot: slotSeed % threads, milliseconds };
          const held = await train(config(threads), { stepsPerEpoch: 8, stall });
          expect(Buffer.from(held.parameters.buffer).equals(Buffer.from(one.parameters.buffer))).toBe(true);
          expect(held.train_loss).toBe(one.train_loss);
        },
      ),
      fcOptions(12),
    );
  });
});
