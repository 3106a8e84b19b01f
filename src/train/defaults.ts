// The defaults of a training run: the one source for the command line's flags and the library's train().

import { availableParallelism } from 'node:os';
import type { ClassWeightName } from '../data/class-weights.js';
import type { Task } from '../data/dataset.js';
import type { NormalizeName } from '../data/normalization.js';
import type { TargetScalingName } from '../data/target-scaling.js';
import type { DelimiterName, HeaderMode } from '../data/table-options.js';
import type { LossName } from '../nn/losses/losses.js';
import type { OptimizerName, ScheduleName } from '../optim/optimizer-config.js';
import type { ActivationName, HiddenActivationName } from '../ops/activations.js';
import { MAX_THREADS } from '../parallel/index.js';

export { defaultInit } from '../nn/init.js';

/**
 * What a run uses for a setting it is not given, by the flag's name in camel case. Settings whose
 * default depends on another have a function instead: `defaultLearningRate(optimizer)`,
 * `defaultInit(activation)` (He for the ReLU family, else Xavier), `defaultThreads()`; in regression
 * the output and loss are `regressionOutput` and `regressionLoss`; and without `layers` the widths are
 * the data's features, `hidden`, then its classes (or targets).
 */
export const defaults = Object.freeze({
  /** The command line's data; train() from code needs its data given. */
  data: 'mnist',
  /** The share of the data held out for testing when no test set is given. */
  testSplit: 0.2,
  /** Whether the split keeps each class's share of the rows. */
  stratify: false,
  /** Whether the training rows are reshuffled every epoch. */
  shuffle: true,
  /** Per-column `standard` for tables and arrays, `max` for images. */
  normalize: 'auto',
  /** A table's delimiter: detected from its first lines. */
  delimiter: 'auto',
  /** Whether a table's first row is a header: told from its feature cells. */
  header: 'auto',
  /** Class labels; `regression` reads numeric targets. */
  task: 'classification',
  /** In regression, each target scaled to mean 0 and std 1 on the training rows (predictions mapped back). */
  normalizeTarget: 'standard',
  /** In classification, every class's rows weigh the same in the loss. */
  classWeight: 'none',
  /** The share of the training rows held out for validation: none. */
  validationSplit: 0,
  /** The hidden layers' widths. */
  hidden: Object.freeze([256, 128] as const),
  /** The hidden layers' activation. */
  activation: 'relu',
  /** The output layer's activation. */
  output: 'softmax',
  loss: 'cross-entropy',
  /** The output layer's activation in regression. */
  regressionOutput: 'identity',
  /** The loss in regression. */
  regressionLoss: 'mse',
  optimizer: 'adam',
  /** Adam's learning rate. */
  adamLr: 0.001,
  /** The learning rate of sgd and momentum. */
  otherLr: 0.01,
  /** The momentum coefficient of `momentum`. */
  momentum: 0.9,
  nesterov: false,
  weightDecay: 0,
  schedule: 'constant',
  /** With the step schedule: epochs between cuts of the rate. */
  stepSize: 5,
  /** With the step schedule: the factor of each cut. */
  gamma: 0.5,
  batchSize: 64,
  epochs: 20,
  seed: 42,
} as const satisfies {
  data: string;
  normalize: NormalizeName;
  delimiter: DelimiterName;
  header: HeaderMode;
  task: Task;
  normalizeTarget: TargetScalingName;
  classWeight: ClassWeightName;
  activation: HiddenActivationName;
  output: ActivationName;
  loss: LossName;
  regressionOutput: ActivationName;
  regressionLoss: LossName;
  optimizer: OptimizerName;
  schedule: ScheduleName;
  [setting: string]: unknown;
});

/** The learning rate when none is given: Adam's 0.001, 0.01 for sgd and momentum. */
export function defaultLearningRate(optimizer: OptimizerName): number {
  return optimizer === 'adam' ? defaults.adamLr : defaults.otherLr;
}

/** The thread count when none is given: this machine's cores (as many as einprop runs at most). */
export function defaultThreads(): number {
  return Math.min(availableParallelism(), MAX_THREADS);
}
