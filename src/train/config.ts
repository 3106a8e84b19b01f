// What one training run is asked to do: the options of `einprop train`, resolved and typed.

import { NORMALIZE_NAMES, type NormalizeName } from '../data/normalization.js';
import { INIT_NAMES, type InitName } from '../nn/init.js';
import { OPTIMIZER_NAMES, type OptimizerConfig, SCHEDULE_NAMES } from '../optim/optimizer-config.js';
import { ACTIVATION_NAMES, type ActivationName, HIDDEN_ACTIVATION_NAMES } from '../ops/activations.js';
import { LOSS_NAMES, type LossName } from '../nn/losses/losses.js';

export type { ActivationName, InitName, LossName, NormalizeName, OptimizerConfig };
export type { OptimizerName, ScheduleName } from '../optim/optimizer-config.js';

/** The names each setting takes: what the CLI offers as choices and what train() accepts. */
export const NAMES = {
  activation: HIDDEN_ACTIVATION_NAMES,
  output: ACTIVATION_NAMES,
  loss: LOSS_NAMES,
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
  /** Huber's δ, for `loss` huber; 1 when absent. */
  huberDelta?: number;
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
