// What one training run is asked to do: the options of `einprop train`, resolved and typed.

import { NORMALIZE_NAMES, type NormalizeName } from '../data/normalization.js';
import { INIT_NAMES, type InitName } from '../nn/init.js';
import { OPTIMIZER_NAMES, type OptimizerConfig, SCHEDULE_NAMES } from '../optim/optimizer-config.js';

export type { InitName, NormalizeName, OptimizerConfig };
export type { OptimizerName, ScheduleName } from '../optim/optimizer-config.js';

/** Activation functions of hidden and output layers. */
export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'identity' | 'softmax';

/** Losses. `mse`: mean over outputs of (a − y)²; `sse`: ½·Σ (a − y)²; both averaged over the batch. */
export type LossName = 'mse' | 'sse' | 'cross-entropy';

/** The names each setting takes: what the CLI offers as choices and what train() accepts. */
export const NAMES = {
  activation: ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity'],
  output: ['softmax', 'sigmoid', 'identity', 'tanh', 'relu', 'leaky-relu'],
  loss: ['mse', 'sse', 'cross-entropy'],
  init: INIT_NAMES,
  optimizer: OPTIMIZER_NAMES,
  schedule: SCHEDULE_NAMES,
  normalize: NORMALIZE_NAMES,
} as const satisfies {
  activation: readonly ActivationName[];
  output: readonly ActivationName[];
  loss: readonly LossName[];
  init: readonly InitName[];
  optimizer: readonly string[];
  schedule: readonly string[];
  normalize: readonly NormalizeName[];
};

/** The model: layer widths (input first) and activations. */
export interface ModelConfig {
  /** Widths, input first, e.g. [784, 256, 128, 10]. */
  layers: number[];
  /** Activation of every hidden layer. */
  activation: ActivationName;
  /** Activation of the output layer. */
  output: ActivationName;
  loss: LossName;
  init: InitName;
}

/** Everything a training run needs, after defaults and the config file are applied. */
export interface TrainConfig {
  model: ModelConfig;
  optim: OptimizerConfig;
  /** 'mnist', a CSV file, or an IDX folder. */
  data: string;
  /** A separate test file; when absent the data is split by `testSplit`. */
  test: string | undefined;
  testSplit: number;
  shuffle: boolean;
  normalize: NormalizeName;
  batchSize: number;
  epochs: number;
  seed: number;
  threads: number;
  /** Shards per minibatch; undefined: chosen from the batch size (never from the thread count). */
  shards: number | undefined;
}
