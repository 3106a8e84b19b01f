// What one training run is asked to do: the options of `einprop train`, resolved and typed.

import { CLASS_WEIGHT_NAMES, type ClassWeightName } from '../data/class-weights.js';
import { TASK_NAMES, type Task } from '../data/dataset.js';
import { NORMALIZE_NAMES, type NormalizeName } from '../data/normalization.js';
import { TARGET_SCALING_NAMES, type TargetScalingName } from '../data/target-scaling.js';
import { DELIMITER_NAMES, type DelimiterName, HEADER_MODES, type HeaderMode } from '../data/table-options.js';
import { INIT_NAMES, type InitName } from '../nn/init.js';
import { OPTIMIZER_NAMES, type OptimizerConfig, SCHEDULE_NAMES } from '../optim/optimizer-config.js';
import { ACTIVATION_NAMES, type ActivationName, HIDDEN_ACTIVATION_NAMES, type HiddenActivationName } from '../ops/activations.js';
import { LOSS_NAMES, type LossName } from '../nn/losses/losses.js';

export type { ActivationName, ClassWeightName, DelimiterName, HeaderMode, HiddenActivationName, InitName, LossName, NormalizeName, OptimizerConfig, TargetScalingName, Task };
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
  delimiter: DELIMITER_NAMES,
  header: HEADER_MODES,
  task: TASK_NAMES,
  normalizeTarget: TARGET_SCALING_NAMES,
  classWeight: CLASS_WEIGHT_NAMES,
} as const satisfies {
  activation: readonly HiddenActivationName[];
  output: readonly ActivationName[];
  loss: readonly LossName[];
  init: readonly InitName[];
  optimizer: readonly string[];
  schedule: readonly string[];
  normalize: readonly NormalizeName[];
  delimiter: readonly DelimiterName[];
  header: readonly HeaderMode[];
  task: readonly Task[];
  normalizeTarget: readonly TargetScalingName[];
  classWeight: readonly ClassWeightName[];
};

/** The model: layer widths (input first) and activations. */
export interface ModelConfig {
  /** Widths, input first, e.g. [784, 256, 128, 10]; empty: the input and output widths from the data around `hidden`. */
  layers: number[];
  /** The hidden widths when `layers` is empty; default 256,128. */
  hidden?: number[];
  /** Activation of every hidden layer (softmax ends a network only). */
  activation: HiddenActivationName;
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
  /** 'mnist', a table file (CSV, TSV, whitespace; optionally .gz), or an IDX folder. */
  data: string;
  /** A separate test file; when absent the data is split by `testSplit`. */
  test: string | undefined;
  testSplit: number;
  /** Whether the split keeps each class's share of the rows; default false. */
  stratify?: boolean;
  shuffle: boolean;
  normalize: NormalizeName;
  /** A table's delimiter; default `auto` (detected). */
  delimiter?: DelimiterName;
  /** Whether a table's first row is a header; default `auto` (told from its feature cells). */
  header?: HeaderMode;
  /** A table's target columns, by header name or 0-based index; default (empty): its last column. */
  target?: string[];
  /** A table's columns to leave out (ids), by header name or 0-based index. */
  ignore?: string[];
  /** What the targets are: class labels (default) or numeric values, one output per target column. */
  task?: Task;
  /** Regression: the targets scaled to mean 0 and std 1 on the training rows (default `standard`), or as they are. */
  normalizeTarget?: TargetScalingName;
  /** Classification: the classes weighted in the loss by inverse frequency on the training rows (`balanced`), or alike (default). */
  classWeight?: ClassWeightName;
  /** The share of the training rows held out for validation, in [0, 1); default 0 (none). */
  validationSplit?: number;
  /** A separate validation file, instead of `validationSplit`. */
  validation?: string;
  /** Stop once the validation loss has not improved for this many epochs, keeping the best epoch's model; default: off. */
  patience?: number;
  batchSize: number;
  epochs: number;
  seed: number;
  threads: number;
  /** Shards per minibatch; undefined: chosen from the batch size (never from the thread count). */
  shards: number | undefined;
}
