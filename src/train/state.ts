// A training run's whole state at a step boundary: what a checkpoint stores and a resume restores.

import type { DataSchema } from '../data/data-schema.js';
import type { Normalization } from '../data/normalization.js';
import type { RandomState } from '../tensor/random.js';
import type { TrainConfig } from './config.js';

/** One dense layer's parameters, as saved: weight [outputs, inputs] row-major, bias [outputs]. */
export interface LayerState {
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  readonly outputs: number;
  readonly inputs: number;
}

/**
 * Everything needed to continue a run exactly: parameters, optimiser state, the normalisation,
 * the shuffle generator's state at the start of epoch `epoch`, and `step` steps done within it.
 */
export interface TrainingState {
  readonly config: TrainConfig;
  /** The normalisation fitted on the training set. */
  readonly normalization: Normalization;
  /** The labels of the model's outputs and the training table's columns. */
  readonly schema: DataSchema;
  readonly layers: readonly LayerState[];
  /** Optimiser buffers, flat over all parameters in layout order, and its scalars (Adam's step count). */
  readonly optimizer: { readonly buffers: Readonly<Record<string, Float32Array>>; readonly scalars: Readonly<Record<string, number>> };
  readonly rng: Readonly<Record<string, RandomState>>;
  /** Epochs completed. */
  readonly epoch: number;
  /** Steps completed within epoch `epoch` (0 at an epoch boundary). */
  readonly step: number;
}
