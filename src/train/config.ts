// What one training run is asked to do: the options of `einprop train`, resolved and typed.

/** Activation functions of hidden and output layers. */
export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'identity' | 'softmax';

/** Losses. `mse`: mean over outputs of (a − y)²; `sse`: ½·Σ (a − y)²; both averaged over the batch. */
export type LossName = 'mse' | 'sse' | 'cross-entropy';

/** Weight initialisations. */
export type InitName = 'he' | 'xavier' | 'uniform-fanout';

/** Optimisers. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam';

/** Learning-rate schedules. */
export type ScheduleName = 'constant' | 'step' | 'cosine';

/** Feature normalisations, fitted on the training set alone. */
export type NormalizeName = 'max' | 'standard' | 'none';

/** The names each setting takes: what the CLI offers as choices and what train() accepts. */
export const NAMES = {
  activation: ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity'],
  output: ['softmax', 'sigmoid', 'identity', 'tanh', 'relu', 'leaky-relu'],
  loss: ['mse', 'sse', 'cross-entropy'],
  init: ['he', 'xavier', 'uniform-fanout'],
  optimizer: ['sgd', 'momentum', 'adam'],
  schedule: ['constant', 'step', 'cosine'],
  normalize: ['max', 'standard', 'none'],
} as const satisfies {
  activation: readonly ActivationName[];
  output: readonly ActivationName[];
  loss: readonly LossName[];
  init: readonly InitName[];
  optimizer: readonly OptimizerName[];
  schedule: readonly ScheduleName[];
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

/** The optimiser and its schedule. */
export interface OptimizerConfig {
  optimizer: OptimizerName;
  lr: number;
  /** Momentum coefficient for `momentum` (β1 for adam is fixed at 0.9 unless set). */
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  schedule: ScheduleName;
  /** For `step`: multiply the rate by `gamma` every `stepSize` epochs. */
  stepSize: number;
  gamma: number;
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
