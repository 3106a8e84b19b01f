// A training run's whole state at a step boundary: what a checkpoint stores and a resume restores.

import type { DataSchema } from '../data/data-schema.js';
import type { Normalization } from '../data/normalization.js';
import type { TargetScaling } from '../data/target-scaling.js';
import type { RandomState } from '../tensor/random.js';
import type { TrainConfig } from './config.js';
import type { EarlyStoppingState } from './early-stopping.js';

/** One dense layer's parameters, as saved: weight [outputs, inputs] row-major, bias [outputs]. */
export interface LayerState {
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  readonly outputs: number;
  readonly inputs: number;
}

/** Early stopping's record (see EarlyStoppingState) with the best epoch's layers (null before any epoch improved). */
export interface EarlyStoppingRecord extends EarlyStoppingState {
  readonly best: readonly LayerState[] | null;
}

/**
 * Everything needed to continue a run exactly: parameters, optimiser state, what was fitted on the
 * training rows, the shuffle generator's state at the start of epoch `epoch`, `step` steps done within
 * it, and with --patience the best epoch so far.
 */
export interface TrainingState {
  readonly config: TrainConfig;
  /** The normalisation fitted on the training set. */
  readonly normalization: Normalization;
  /** Regression: the target scaling fitted on the training set (null: none, and always in classification). */
  readonly targetScaling: TargetScaling | null;
  /** Classification with class weights: each class's weight in the loss (null: none). */
  readonly classWeights: readonly number[] | null;
  /** The labels of the model's outputs and the training table's columns. */
  readonly schema: DataSchema;
  /** The current parameters: those the next step updates. */
  readonly layers: readonly LayerState[];
  /** Optimiser buffers, flat over all parameters in layout order, and its scalars (Adam's step count). */
  readonly optimizer: { readonly buffers: Readonly<Record<string, Float32Array>>; readonly scalars: Readonly<Record<string, number>> };
  readonly rng: Readonly<Record<string, RandomState>>;
  /** Epochs completed. */
  readonly epoch: number;
  /** Steps completed within epoch `epoch` (0 at an epoch boundary). */
  readonly step: number;
  /** With `config.patience`: the best epoch so far, its validation loss and layers. */
  readonly earlyStopping?: EarlyStoppingRecord;
}
