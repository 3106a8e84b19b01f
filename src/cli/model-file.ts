// A model file (a checkpoint written by `train --save`) opened for use: its network, normalisation and training settings.

import type { DataSchema } from '../data/data-schema.js';
import { type Normalization, parseNormalization } from '../data/normalization.js';
import type { TargetScaling } from '../data/target-scaling.js';
import type { Network, NetworkSpec } from '../nn/network.js';
import type { TrainConfig } from '../train/config.js';
import { restoreNetwork } from '../train/restore-network.js';
import { loadCheckpoint } from './checkpoint.js';

/** A trained model read from a checkpoint. */
export interface SavedModel {
  /** The checkpoint's path, for messages. */
  readonly path: string;
  /** The settings it was trained with (its data, split, seed, …); `config.model.layers` are its widths. */
  readonly config: TrainConfig;
  readonly spec: NetworkSpec;
  /** The normalisation fitted on its training set, to apply to any data it sees. */
  readonly normalization: Normalization;
  /** The label of each output, and how its training table's columns were laid out. */
  readonly schema: DataSchema;
  /** Regression: the targets' scaling, to map outputs back to the targets' units (null: none, and always in classification). */
  readonly targetScaling: TargetScaling | null;
  readonly network: Network;
}

/** Opens the checkpoint at `path` (a UserError naming the file if it is missing, damaged or not a checkpoint). */
export function loadModel(path: string): SavedModel {
  const snapshot = loadCheckpoint(path);
  const { model } = snapshot.config;
  const spec: NetworkSpec = { widths: model.layers, activation: model.activation, output: model.output, loss: model.loss };
  return {
    path,
    config: snapshot.config,
    spec,
    normalization: parseNormalization(snapshot.normalization, path),
    schema: snapshot.schema,
    targetScaling: snapshot.targetScaling ?? null,
    network: restoreNetwork(spec, snapshot.layers),
  };
}

/** The model's input width. */
export function inputWidth(model: SavedModel): number {
  return model.spec.widths[0];
}

/** The model's output width: the number of classes it predicts. */
export function outputWidth(model: SavedModel): number {
  return model.spec.widths[model.spec.widths.length - 1];
}
