import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/data/csv.js';
import { makeDataset } from '../../src/data/dataset.js';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { initialize } from '../../src/nn/init.js';
import { Network } from '../../src/nn/network.js';
import { parameterLayout } from '../../src/nn/parameters.js';
import { numberedShards } from '../../src/parallel/shards.js';
import { Random } from '../../src/tensor/random.js';
import { prepareData } from '../../src/train/prepare.js';
import { train } from '../../src/train/trainer.js';
import { trainFaulty } from '../support/faulty-train.js';
import type { TrainConfig } from '../../src/train/config.js';
import { fcOptions } from '../support/fc.js';
import { classification, smallConfig, syntheticCsv } from '../support/config.js';

const data = syntheticCsv(300, 9);

/**
 * The documented order of the shard sum, written here apart from src/parallel/reduce.ts: neighbours
 * in pairs (g0 + g1, g2 + g3, …, an odd last one carried up), then the pairs in pairs, and so on.
 */
function pairwiseSum(grads: readonly Float32Array[]): Float32Array {
  let level = [...grads];
  while (level.length > 1) {
    const next: Float32Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const [a, b] = [level[i], level[i + 1]];
      next.push(b === undefined ? a : a.map((value, j) => value + b[j]));
    }
    level = next;
  }
  return level[0];
}

/** 120 rows of `features` random features in [0, 1) and a class of 10, as a CSV: wide enough for several first-layer tiles. */
function wideCsv(features: number): string {
  const random = new Random(features);
  const values = Float32Array.from({ length: 120 * features }, () => random.nextFloat());
  const labels = Int32Array.from({ length: 120 }, (_, r) => r % 10);
  const path = join(mkdtempSync(join(tmpdir(), 'einprop-')), 'wide.csv');
  writeCsv(path, makeDataset(values, labels, features, path));
  return path;
}

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

  it('one step is each shard’s backward chain (Network.backward) summed in pairs, then pairs of pairs, then SGD, bit for bit, whatever the threads', async () => {
    const wide = [wideCsv(64), wideCsv(230)];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 96 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 3 }),
        async (file, hidden, batchSize, shards, threads) => {
          const config = smallConfig(wide[file], {
            model: { ...smallConfig(data).model, layers: [file === 0 ? 64 : 230, hidden, 10] },
            optim: { ...smallConfig(data).optim, optimizer: 'sgd', lr: 0.5 },
            shuffle: false,
            normalize: 'none',
            batchSize,
            shards: Math.min(shards, batchSize),
            epochs: 1,
            threads,
          });
          const stepped = await train(config, { stepsPerEpoch: 1 });

          const prepared = prepareData(config);
          const layout = parameterLayout(prepared.widths);
          const spec = { widths: prepared.widths, activation: config.model.activation, output: config.model.output, loss: config.model.loss };
          const params = new Float32Array(layout.count);
          initialize(config.model.init, layout, params, Random.stream(config.seed, 'init'));
          const { features, labels, featureCount } = classification(prepared.train);
          const batchRows = Math.min(batchSize, prepared.train.count);
          const memory = KernelMemory.main();
          const mark = memory.mark();
          try {
            const grads = numberedShards(batchRows, config.shards ?? 1).map((shard) => {
              const network = new Network(spec, params, shard.rows, 'float32', (length) => memory.f32(memory.alloc(4 * length), length));
              network.input.set(features.subarray(shard.start * featureCount, (shard.start + shard.rows) * featureCount));
              network.forward(shard.rows);
              const gradient = new Float32Array(layout.count);
              network.backward(labels, shard.start, shard.rows, batchRows, gradient);
              return gradient;
            });
            const sum = pairwiseSum(grads);
            const expected = params.map((p, i) => p - config.optim.lr * sum[i]);
            expect(Buffer.from(stepped.parameters.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
          } finally {
            memory.release(mark);
          }
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
          const held = await trainFaulty(config(threads), { stepsPerEpoch: 8 }, { stall });
          expect(Buffer.from(held.parameters.buffer).equals(Buffer.from(one.parameters.buffer))).toBe(true);
          expect(held.train_loss).toBe(one.train_loss);
        },
      ),
      fcOptions(12),
    );
  });
});

describe('first-layer tiles, where threads outnumber claims', () => {
  const wide = wideCsv(230);
  const wideConfig = (threads: number, overrides: Partial<TrainConfig> = {}): TrainConfig =>
    smallConfig(wide, { model: { ...smallConfig(wide).model, layers: [230, 12, 10] }, epochs: 1, threads, ...overrides });

  it('with at most 3 shards on 2 to 4 threads (first-layer tiles wherever threads outnumber claims), the weights are the one-thread bits', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 8, max: 64 }),
        fc.constantFrom('sgd' as const, 'adam' as const),
        async (shards, threads, batchSize, optimizer) => {
          const config = (t: number) => wideConfig(t, { batchSize, shards, optim: { ...smallConfig(wide).optim, optimizer } });
          const one = await train(config(1), { stepsPerEpoch: 4 });
          const many = await train(config(threads), { stepsPerEpoch: 4 });
          expect(Buffer.from(many.parameters.buffer).equals(Buffer.from(one.parameters.buffer))).toBe(true);
          expect(many.train_loss).toBe(one.train_loss);
        },
      ),
      fcOptions(10),
    );
  });

  it('a thread held up before each phase changes no bit, tiles and all', async () => {
    const one = await train(wideConfig(1, { batchSize: 48, shards: 2 }), { stepsPerEpoch: 6 });
    for (const slot of [0, 1, 2]) {
      const held = await trainFaulty(wideConfig(3, { batchSize: 48, shards: 2 }), { stepsPerEpoch: 6 }, { stall: { slot, milliseconds: 2 } });
      expect(Buffer.from(held.parameters.buffer).equals(Buffer.from(one.parameters.buffer))).toBe(true);
    }
  });

  it('a worker that throws or dies in its claim, while another waits for that claim’s tiles, ends the run with the message and leaves no thread waiting', async () => {
    // 3 threads, 2 claims: slot 2 has no claim and waits for the tiles of slot 1's, which never come.
    // Only the failing worker is named, not the one busy with a tile or the other claim when it failed.
    await expect(trainFaulty(wideConfig(3, { batchSize: 32, shards: 2 }), {}, { fault: { shard: 1, kind: 'throw' } })).rejects.toThrow(/^worker running shard 1 failed: injected fault in shard 1$/);
    await expect(trainFaulty(wideConfig(3, { batchSize: 32, shards: 2 }), {}, { fault: { shard: 1, kind: 'exit' } })).rejects.toThrow(/^worker running shard 1 failed: worker exited with code: 70$/);
  });
});
