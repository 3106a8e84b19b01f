import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/checkpoint/checkpoint.js';
import { toTrainConfig } from '../../src/cli/options.js';
import { checkResumeFlags } from '../../src/cli/resume-flags.js';
import { UserError } from '../../src/errors.js';
import type { TrainConfig } from '../../src/train/config.js';

const saved: TrainConfig = {
  model: { layers: [4, 8, 3], activation: 'relu', output: 'softmax', loss: 'cross-entropy', init: 'he' },
  optim: { optimizer: 'adam', lr: 0.001, momentum: 0.9, nesterov: false, weightDecay: 0, schedule: 'constant', stepSize: 5, gamma: 0.5 },
  data: 'blobs.csv',
  test: undefined,
  testSplit: 0.2,
  shuffle: true,
  normalize: 'max',
  batchSize: 16,
  epochs: 3,
  seed: 42,
  threads: 2,
  shards: undefined,
};

/** A checkpoint of `saved` after `epoch` epochs and `step` steps of the next. */
const snapshot = (epoch: number, step = 0): Snapshot => ({ config: saved, normalization: null, layers: [], optimizer: { buffers: {}, scalars: {} }, rng: {}, epoch, step });

/** What `train --resume ck.safetensors` with `flags` does: undefined if it may go on, else the usage error's message. */
function verdict(flags: Record<string, unknown>, at: Snapshot): string | undefined {
  const config = toTrainConfig(flags, undefined, at.config);
  try {
    checkResumeFlags(flags, config, at, 'ck.safetensors');
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    return (error as Error).message;
  }
}

describe('checkResumeFlags: a resumed run keeps what the checkpoint is', () => {
  it('its task is kept; a run that early stopping ended goes on only with more patience', () => {
    const early = { ...snapshot(6), config: { ...saved, validationSplit: 0.2, patience: 2 }, earlyStopping: { bestEpoch: 4, bestLoss: 0.5, epochsSinceBest: 2 } };
    expect(verdict({ task: 'regression' }, snapshot(1))).toMatch(/^--task is regression, but ck\.safetensors was trained with classification; a resumed run keeps its task/);
    expect(verdict({ epochs: '9' }, early)).toBe(
      '"patience" of ck.safetensors is 2, but ck.safetensors stopped early after epoch 6: its validation loss has not improved for 2 epochs; give --patience more than 2 to train on',
    );
    expect(verdict({ epochs: '9', patience: '3' }, early)).toBeUndefined();
  });

  it('more epochs, another learning rate, data or thread count may be given', () => {
    expect(verdict({ epochs: '5' }, snapshot(3))).toBeUndefined();
    expect(verdict({ epochs: '5', lr: '0.01', momentum: '0.5', data: 'more.csv', threads: '4', 'batch-size': '32' }, snapshot(3))).toBeUndefined();
    // Flags that repeat the checkpoint's settings are no conflict.
    expect(verdict({ epochs: '5', optimizer: 'adam', layers: '4,8,3', seed: '42', normalize: 'max' }, snapshot(3))).toBeUndefined();
    // A checkpoint trained with --test (an older one kept a test-split beside it) resumes without complaint.
    expect(verdict({ epochs: '5' }, { ...snapshot(3), config: { ...saved, test: 'held-out.csv', testSplit: 0.2 } })).toBeUndefined();
  });

  it('another model, optimiser, normalisation or seed is refused, naming the flag and both values', () => {
    expect(verdict({ epochs: '5', optimizer: 'sgd' }, snapshot(3))).toBe('--optimizer is sgd, but ck.safetensors was trained with adam; a resumed run keeps its optimizer (leave it out)');
    expect(verdict({ epochs: '5', normalize: 'standard' }, snapshot(3))).toMatch(/^--normalize is standard, but ck\.safetensors was trained with max/);
    expect(verdict({ epochs: '5', seed: '7' }, snapshot(3))).toMatch(/^--seed is 7, but .* with 42/);
    expect(verdict({ epochs: '5', layers: '4,16,3' }, snapshot(3))).toMatch(/^--layers is 4,16,3, but .* with 4,8,3/);
    expect(verdict({ epochs: '5', activation: 'tanh' }, snapshot(3))).toMatch(/^--activation is tanh/);
  });

  it('no epochs left is refused: --epochs not past the checkpoint, or a finished run resumed without --epochs', () => {
    expect(verdict({ epochs: '1' }, snapshot(3))).toBe('--epochs is 1, but ck.safetensors has finished 3 epochs already; ask for more than 3 to train on');
    expect(verdict({ epochs: '3' }, snapshot(3))).toMatch(/^--epochs is 3/);
    expect(verdict({}, snapshot(3))).toBe('ck.safetensors has finished all 3 of its epochs; give --epochs more than 3 to train on');
    // A run stopped in its second epoch still has that epoch to finish.
    expect(verdict({}, snapshot(1, 4))).toBeUndefined();
  });

  it('the batch size may change between epochs, not in the middle of one', () => {
    expect(verdict({ 'batch-size': '32' }, snapshot(1, 4))).toBe('--batch-size is 32, but ck.safetensors stopped 4 steps into epoch 2 with 16; finish that epoch with it first');
    expect(verdict({ 'batch-size': '32' }, snapshot(1))).toBeUndefined();
  });

  it('so may the data, its split and its shuffling: the epoch in progress is an order of its rows', () => {
    expect(verdict({ data: 'more.csv' }, snapshot(1, 4))).toMatch(/^--data is more\.csv, but ck\.safetensors stopped 4 steps into epoch 2 with blobs\.csv/);
    expect(verdict({ 'test-split': '0.5' }, snapshot(1, 4))).toMatch(/^--test-split is 0\.5/);
    expect(verdict({ shuffle: false }, snapshot(1, 4))).toMatch(/^--shuffle is false/);
    expect(verdict({ test: 'held-out.csv' }, snapshot(1, 4))).toMatch(/^--test is held-out\.csv, but ck\.safetensors stopped 4 steps into epoch 2 with none;/);
    expect(verdict({ data: 'more.csv', 'test-split': '0.5', shuffle: false }, snapshot(1))).toBeUndefined();
    // The checkpoint keeps its data's absolute path: the same file given relatively is no change.
    const here = 'package.json';
    expect(verdict({ data: here }, { ...snapshot(1, 4), config: { ...saved, data: resolve(here) } })).toBeUndefined();
  });
});
