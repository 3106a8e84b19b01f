// The one training setup every contender runs: issue 7's network, data split and hyper-parameters.

import type { TrainConfig } from '../../src/train/config.js';

/** Layer widths, input first. */
export const BENCH_WIDTHS: readonly number[] = [784, 256, 128, 10];

/** Epochs of a full run (the accuracy column comes from full runs only). */
export const BENCH_EPOCHS = 3;

/** The seed of the split, the initial weights and every epoch's shuffle. */
export const BENCH_SEED = 42;

/**
 * einprop's TrainConfig for the benchmark: 784-256-128-10, relu, softmax cross-entropy, He init,
 * SGD with momentum 0.9 (PyTorch's v = μv + g), lr 0.05, batch 128, MNIST split 8,000 / 2,000, max scaling.
 */
export function benchConfig(threads: number, epochs: number = BENCH_EPOCHS): TrainConfig {
  return {
    model: { layers: [...BENCH_WIDTHS], activation: 'relu', output: 'softmax', loss: 'cross-entropy', init: 'he' },
    optim: { optimizer: 'momentum', lr: 0.05, momentum: 0.9, nesterov: false, weightDecay: 0, schedule: 'constant', stepSize: 1, gamma: 1 },
    data: 'mnist',
    test: undefined,
    testSplit: 0.2,
    shuffle: true,
    normalize: 'max',
    batchSize: 128,
    epochs,
    seed: BENCH_SEED,
    threads,
    shards: undefined,
  };
}

/** One line describing the setup, for the report. */
export function describeSetup(epochs: number): string {
  const c = benchConfig(1, epochs);
  return (
    `${BENCH_WIDTHS.join('-')} ${c.model.activation}, softmax cross-entropy, SGD momentum ${c.optim.momentum} lr ${c.optim.lr}, ` +
    `batch ${c.batchSize}, float32, MNIST (\`mnist\` package) split 8,000 / 2,000 with seed ${c.seed}, ${epochs} epoch${epochs === 1 ? '' : 's'}, reshuffled every epoch`
  );
}
