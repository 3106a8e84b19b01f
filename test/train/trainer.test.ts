import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/data/csv.js';
import { subsetDataset } from '../../src/data/dataset.js';
import { syntheticDigits } from '../../src/data/synthetic-digits.js';
import { learningRate } from '../../src/optim/learning-rate.js';
import { train } from '../../src/train/trainer.js';
import { trainFaulty } from '../support/faulty-train.js';
import type { TrainingState } from '../../src/train/state.js';
import { classification, smallConfig, syntheticCsv } from '../support/config.js';
import { interruptedRun } from '../support/interrupted-run.js';

const data = syntheticCsv(600);

/** The state a 2-epoch run of smallConfig saves when Ctrl-C (its abort signal) comes after `steps` steps. */
const interruptedAfter = (steps: number): Promise<TrainingState> => interruptedRun(smallConfig(data, { epochs: 2 }), steps);

describe('train', () => {
  it('learns the synthetic digits', async () => {
    const result = await train(smallConfig(data, { epochs: 3 }));
    expect(result.test_accuracy).toBeGreaterThan(0.9);
    expect(result.epochs).toBe(3);
    expect(result.threads).toBe(1);
  });

  it('the same seed gives bit-identical weights for --threads 1, 2 and 4', async () => {
    const runs = [];
    for (const threads of [1, 2, 4]) runs.push(await train(smallConfig(data, { threads, batchSize: 64 })));
    expect(runs[1].threads).toBe(2);
    expect(Buffer.from(runs[1].parameters.buffer).equals(Buffer.from(runs[0].parameters.buffer))).toBe(true);
    expect(Buffer.from(runs[2].parameters.buffer).equals(Buffer.from(runs[0].parameters.buffer))).toBe(true);
    expect(runs[2].train_loss).toBe(runs[0].train_loss);
    // One working thread waits for no straggler; more may.
    expect(runs[0].step_imbalance_us).toBe(0);
    expect(runs[2].step_imbalance_us).toBeGreaterThanOrEqual(0);
  });

  it('a batch larger than the training set (one short step an epoch) gives the same bits for 1 and 3 threads', async () => {
    const [one, three] = [await train(smallConfig(data, { threads: 1, batchSize: 100_000 })), await train(smallConfig(data, { threads: 3, batchSize: 100_000 }))];
    expect(one.steps).toBe(2);
    expect(Buffer.from(three.parameters.buffer).equals(Buffer.from(one.parameters.buffer))).toBe(true);
  });

  it('reports each thread’s shard time by slot, and the claims the queue moved from a thread held up to the others', async () => {
    const one = await train(smallConfig(data, { threads: 1, batchSize: 64, shards: 4, epochs: 1 }), { stepsPerEpoch: 4 });
    expect(one.thread_shard_us).toHaveLength(1);
    expect(one.thread_shard_us[0]).toBeGreaterThan(0);
    expect(one.claims_moved_per_step).toBe(0);
    // Slot 1 sleeps 30 ms in every phase, after reading it and before taking work: slot 0 takes its claim.
    const held = await trainFaulty(smallConfig(data, { threads: 2, batchSize: 64, shards: 4, epochs: 1 }), { stepsPerEpoch: 4 }, { stall: { slot: 1, milliseconds: 30 } });
    expect(held.thread_shard_us).toHaveLength(2);
    expect(held.claims_moved_per_step).toBeGreaterThan(0);
    expect(held.thread_shard_us[0]).toBeGreaterThan(held.thread_shard_us[1]);
  });

  it('threads racing for the claims left over give the one-thread bits, run after run', async () => {
    // 24 shards of 16 rows on 3 threads: claims of 4 shards, one each to start with and 3 raced for.
    const config = (threads: number) => smallConfig(data, { threads, batchSize: 384, shards: 24, epochs: 3 });
    const one = await train(config(1));
    for (let run = 0; run < 3; run++) {
      const many = await train(config(3));
      expect(Buffer.from(many.parameters.buffer).equals(Buffer.from(one.parameters.buffer))).toBe(true);
    }
  });

  it('reports the test accuracy of its final weights, each thread evaluating a share of the test set', async () => {
    const { prepareData } = await import('../../src/train/prepare.js');
    const { restoreNetwork } = await import('../../src/train/restore-network.js');
    const { evaluate } = await import('../../src/train/evaluate.js');
    for (const threads of [1, 2, 3]) {
      const config = smallConfig(data, { epochs: 1, threads, batchSize: 32 });
      const result = await train(config);
      const prepared = prepareData(config);
      const spec = { widths: prepared.widths, activation: config.model.activation, output: config.model.output, loss: config.model.loss };
      expect(result.test_accuracy).toBe(evaluate(restoreNetwork(spec, result.state.layers), classification(prepared.test)));
    }
  });

  it('evaluates a test set smaller than the thread count, and reports NaN for none', async () => {
    const tiny = await train(smallConfig(data, { epochs: 1, threads: 4, testSplit: 0.004 }));
    expect(tiny.test_samples).toBeLessThan(4);
    expect(tiny.test_samples).toBeGreaterThan(0);
    const one = await train(smallConfig(data, { epochs: 1, threads: 1, testSplit: 0.004 }));
    expect(tiny.test_accuracy).toBe(one.test_accuracy);
    const none = await train(smallConfig(data, { epochs: 1, threads: 2, testSplit: 0 }));
    expect(none.test_samples).toBe(0);
    expect(none.test_accuracy).toBeNaN();
  });

  it('consecutive runs in one process give their kernel memory back and repeat bit for bit', async () => {
    const { KernelMemory } = await import('../../src/kernels/kernel-memory.js');
    const first = await train(smallConfig(data, { epochs: 1, threads: 2 }));
    const top = KernelMemory.main().mark();
    const second = await train(smallConfig(data, { epochs: 1, threads: 2 }));
    expect(KernelMemory.main().mark()).toBe(top);
    expect(Buffer.from(second.parameters.buffer).equals(Buffer.from(first.parameters.buffer))).toBe(true);
  });

  it('a different seed gives different weights', async () => {
    const a = await train(smallConfig(data, { epochs: 1 }));
    const b = await train(smallConfig(data, { epochs: 1, seed: 6 }));
    expect(Buffer.from(a.parameters.buffer).equals(Buffer.from(b.parameters.buffer))).toBe(false);
  });

  it('a run resumed from its epoch-1 state equals an uninterrupted run, at another thread count', async () => {
    let afterOne: TrainingState | undefined;
    await train(smallConfig(data, { epochs: 1, optim: { ...smallConfig(data).optim, optimizer: 'momentum', lr: 0.05 } }), {
      checkpoint: (s) => (afterOne = s),
    });
    const optim = { ...smallConfig(data).optim, optimizer: 'momentum' as const, lr: 0.05 };
    const straight = await train(smallConfig(data, { epochs: 2, optim }));
    if (afterOne === undefined) throw new Error('no checkpoint was taken');
    const resumed = await train(smallConfig(data, { epochs: 2, optim, threads: 2 }), { resume: afterOne });
    expect(Buffer.from(resumed.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(true);
  });

  it('a run interrupted mid-epoch and resumed equals an uninterrupted run', async () => {
    const saved = await interruptedAfter(20);
    expect(saved.epoch).toBe(1);
    expect(saved.step).toBeGreaterThan(0);
    const resumed = await train(smallConfig(data, { epochs: 2 }), { resume: saved });
    const straight = await train(smallConfig(data, { epochs: 2 }));
    expect(Buffer.from(resumed.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(true);
  });

  it("an interrupted run's result holds the state its checkpoint saved: where it stopped, not the next epoch's start", async () => {
    const controller = new AbortController();
    let saved: TrainingState | undefined;
    let done = 0;
    const result = await train(smallConfig(data, { epochs: 2 }), {
      logEvery: 1,
      onStep: () => {
        if (++done === 7) controller.abort();
      },
      signal: controller.signal,
      checkpoint: (s) => (saved = s),
    });
    expect(result.interrupted).toBe(true);
    expect([result.state.epoch, result.state.step]).toEqual([0, 7]);
    expect(result.state).toBe(saved);
  });

  it('a run interrupted in its first epoch and resumed skips the done steps of that epoch only: it equals an uninterrupted run, step for step', async () => {
    // 480 training rows in batches of 32: 15 steps an epoch. Interrupted after 5 steps of epoch 1 of 2.
    const saved = await interruptedAfter(5);
    expect([saved.epoch, saved.step]).toEqual([0, 5]);
    const resumed = await train(smallConfig(data, { epochs: 2 }), { resume: saved });
    const straight = await train(smallConfig(data, { epochs: 2 }));
    expect(straight.steps).toBe(30);
    expect(resumed.steps).toBe(straight.steps - 5);
    expect(Buffer.from(resumed.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(true);
  });

  it('epoch e trains at learningRate(optim, e, epochs): resuming epoch 2 of a step schedule at that constant rate gives the scheduled run, bit for bit', async () => {
    const scheduled = { ...smallConfig(data).optim, optimizer: 'sgd' as const, lr: 0.05, schedule: 'step' as const, stepSize: 1, gamma: 0.5 };
    let afterOne: TrainingState | undefined;
    const straight = await train(smallConfig(data, { epochs: 2, optim: scheduled }), {
      checkpoint: (s) => (afterOne ??= s),
    });
    if (afterOne === undefined) throw new Error('no checkpoint was taken');
    expect(afterOne.epoch).toBe(1);
    const rate = learningRate(scheduled, 1, 2);
    expect(rate).toBe(0.025);
    const constant = { ...scheduled, schedule: 'constant' as const, lr: rate };
    const resumed = await train(smallConfig(data, { epochs: 2, optim: constant }), { resume: afterOne });
    expect(Buffer.from(resumed.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(true);
  });

  it('with shuffle off, an epoch visits the training rows in file order: one step over a file equals a run on its first batch alone', async () => {
    const rows = syntheticDigits(600, 7);
    const firstBatch = join(mkdtempSync(join(tmpdir(), 'einprop-first-')), 'first.csv');
    writeCsv(firstBatch, subsetDataset(rows, Array.from({ length: 32 }, (_, i) => i)));
    const inOrder = (path: string) => smallConfig(path, { shuffle: false, testSplit: 0, normalize: 'none', batchSize: 32, epochs: 1 });
    const whole = await train(inOrder(data), { stepsPerEpoch: 1 });
    const alone = await train(inOrder(firstBatch));
    expect([whole.steps, alone.steps]).toEqual([1, 1]);
    expect(Buffer.from(whole.parameters.buffer).equals(Buffer.from(alone.parameters.buffer))).toBe(true);
  });

  it('a worker that throws ends the run with a message naming its shard', async () => {
    await expect(trainFaulty(smallConfig(data, { threads: 2 }), {}, { fault: { shard: 1, kind: 'throw' } })).rejects.toThrow(/shards? .*1.*injected fault in shard 1/);
  });

  it('a worker that dies ends the run with a message naming its shard', async () => {
    await expect(trainFaulty(smallConfig(data, { threads: 2 }), {}, { fault: { shard: 1, kind: 'exit' } })).rejects.toThrow(/worker running shards? 1 failed/);
  });

  it('a process whose worker throws or dies ends by itself, exit 1, with the message: no thread is left running', async () => {
    const { spawnSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const script = fileURLToPath(new URL('../support/faulty-run.mjs', import.meta.url));
    const cases = [
      { phase: 'shards', message: /^worker running shards? 1 failed: / },
      { phase: 'evaluate', message: /^worker evaluating its share of the test set failed: / },
      { phase: 'ready', message: /^worker 1 starting failed: / },
    ];
    for (const { phase, message } of cases) {
      for (const kind of ['throw', 'exit']) {
        const run = spawnSync(process.execPath, [script, data, '1', kind, phase], { encoding: 'utf8', timeout: 30_000 });
        expect(run.error).toBeUndefined();
        expect(run.status).toBe(1);
        expect(run.stderr).toMatch(message);
      }
    }
  });

  it('the main thread failing in its own claim ends the run with a message naming it', async () => {
    await expect(trainFaulty(smallConfig(data, { threads: 2 }), {}, { fault: { shard: 0, kind: 'throw' } })).rejects.toThrow(/^the main thread running shard 0 failed: injected fault in shard 0$/);
  });

  it('a thread that fails while evaluating ends the run with a message naming what it was doing', async () => {
    await expect(trainFaulty(smallConfig(data, { threads: 2 }), {}, { fault: { shard: 1, kind: 'throw', phase: 'evaluate' } })).rejects.toThrow(
      /^worker evaluating its share of the test set failed: injected fault in shard 1$/,
    );
    await expect(trainFaulty(smallConfig(data, { threads: 2 }), {}, { fault: { shard: 0, kind: 'throw', phase: 'evaluate' } })).rejects.toThrow(
      /^the main thread evaluating its share of the test set failed: injected fault in shard 0$/,
    );
  });

  it('a thread that fails while it gets ready, before the first step, ends the run with a message naming it', async () => {
    await expect(trainFaulty(smallConfig(data, { threads: 2 }), {}, { fault: { shard: 1, kind: 'throw', phase: 'ready' } })).rejects.toThrow(
      /^worker 1 starting failed: injected fault in shard 1$/,
    );
    await expect(trainFaulty(smallConfig(data, { threads: 2 }), {}, { fault: { shard: 0, kind: 'throw', phase: 'ready' } })).rejects.toThrow(
      /^the main thread planning its shards failed: injected fault in shard 0$/,
    );
    await expect(trainFaulty(smallConfig(data, { threads: 2 }), {}, { fault: { shard: 1, kind: 'exit', phase: 'ready' } })).rejects.toThrow(/^worker 1 starting failed: /);
  });

  it('the test hook refuses a shard that no thread owns, since whichever thread won it would fail', async () => {
    // 24 shards on 3 threads: claims of 4, so shards 12 and up are raced for.
    await expect(trainFaulty(smallConfig(data, { threads: 3, batchSize: 384, shards: 24 }), {}, { fault: { shard: 12, kind: 'throw' } })).rejects.toThrow(
      /^test hook: shard 12 lies in no thread's own claim/,
    );
    await expect(trainFaulty(smallConfig(data, { threads: 3, batchSize: 384, shards: 24 }), {}, { fault: { shard: 5, kind: 'throw' } })).rejects.toThrow(
      /^worker running shards 4, 5, 6, 7 failed: injected fault in shard 5$/,
    );
    // Slot 3's own claim would be shard 3, but the step has two shards: the fault could never fire.
    await expect(trainFaulty(smallConfig(data, { threads: 4, shards: 2 }), {}, { fault: { shard: 3, kind: 'throw' } })).rejects.toThrow(
      /^test hook: shard 3 is not among the step's 2 shards$/,
    );
  });

  it("a finite gradient that overflows the optimiser's state stops the run at the epoch's end, before its checkpoint", async () => {
    // Features near 1e21 with no normalisation: each gradient is finite, its square (Adam's v) is not in float32.
    const path = join(mkdtempSync(join(tmpdir(), 'einprop-huge-')), 'huge.csv');
    writeFileSync(path, Array.from({ length: 64 }, (_, i) => `${(1 + (i % 7)) * 1e21},${(2 + (i % 5)) * 1e21},${i % 2}`).join('\n'));
    const saved: TrainingState[] = [];
    const config = { ...smallConfig(path), normalize: 'none' as const, model: { ...smallConfig(path).model, layers: [2, 4, 2] }, epochs: 1 };
    await expect(train(config, { checkpoint: (state) => saved.push(state) })).rejects.toThrow(/^training diverged in epoch 1: the optimiser's "v" state holds NaN or Inf/);
    expect(saved).toHaveLength(0);
  });

  it('resuming from a checkpoint whose optimiser state is not finite is refused', async () => {
    const saved: TrainingState[] = [];
    await train(smallConfig(data, { epochs: 1 }), { checkpoint: (state) => saved.push(state) });
    const state = saved[0];
    const m = state.optimizer.buffers.m.slice();
    m[3] = Number.POSITIVE_INFINITY;
    const poisoned: TrainingState = { ...state, optimizer: { ...state.optimizer, buffers: { ...state.optimizer.buffers, m } } };
    await expect(train(smallConfig(data, { epochs: 2 }), { resume: poisoned })).rejects.toThrow(/^checkpoint's optimiser state 'm' holds NaN or Inf/);
  });

  it('a resumed state whose layers are short, or whose epoch or step lie outside the run, is refused', async () => {
    const saved: TrainingState[] = [];
    await train(smallConfig(data, { epochs: 1 }), { checkpoint: (state) => saved.push(state) });
    const state = saved[0];
    const short = { ...state, layers: state.layers.map((layer, i) => (i === 0 ? { ...layer, weight: layer.weight.slice(1) } : layer)) };
    await expect(train(smallConfig(data, { epochs: 2 }), { resume: short })).rejects.toThrow(/^checkpoint layer 0 holds 1023 weights and 16 biases; \[16, 64\] needs 1024 and 16$/);
    await expect(train(smallConfig(data, { epochs: 2 }), { resume: { ...state, step: 999 } })).rejects.toThrow(/^the resumed state's step 999 is not within an epoch of \d+ steps/);
    await expect(train(smallConfig(data, { epochs: 2 }), { resume: { ...state, step: -5 } })).rejects.toThrow(/step -5/);
    await expect(train(smallConfig(data, { epochs: 2 }), { resume: { ...state, epoch: 5 } })).rejects.toThrow("the resumed state's epoch 5 is not from 0 to the run's 2 epochs");
  });

  it('a run from initial layers and normalisation (fine-tuning) equals, for plain SGD in file order, the run resumed from them; resuming beside it is refused', async () => {
    const optim = { ...smallConfig(data).optim, optimizer: 'sgd' as const, lr: 0.05 };
    let afterOne: TrainingState | undefined;
    await train(smallConfig(data, { epochs: 1, optim, shuffle: false }), { checkpoint: (s) => (afterOne = s) });
    if (afterOne === undefined) throw new Error('no checkpoint was taken');
    const resumed = await train(smallConfig(data, { epochs: 2, optim, shuffle: false }), { resume: afterOne });
    const initial = { layers: afterOne.layers, normalization: afterOne.normalization };
    const tuned = await train(smallConfig(data, { epochs: 1, optim, shuffle: false, threads: 2 }), { initial });
    expect(Buffer.from(tuned.parameters.buffer).equals(Buffer.from(resumed.parameters.buffer))).toBe(true);
    expect(tuned.state.epoch).toBe(1);
    await expect(train(smallConfig(data), { resume: afterOne, initial })).rejects.toThrow('train: a run resumes or starts from initial weights, not both');
  });

  it('a run that diverges stops at that step with a message', async () => {
    const optim = { ...smallConfig(data).optim, optimizer: 'sgd' as const, lr: 1e30 };
    await expect(train(smallConfig(data, { optim, model: { ...smallConfig(data).model, output: 'identity', loss: 'mse' } }))).rejects.toThrow(
      /training diverged at epoch 1, step \d+: the (loss|gradient) is not finite/,
    );
  });
});
