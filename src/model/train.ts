// train() for code: a run of the given settings and data, resolved with its Model and one record per epoch.

import type { Task } from '../data/dataset.js';
import type { EpochProgress, TrainResult } from '../train/reports.js';
import { type TrainSettings, resolveSettings } from '../train/settings.js';
import { type RunOptions, train as runTraining } from '../train/trainer.js';
import { Model } from './model.js';
import { stateParts } from './model-parts.js';

/** What `train()` resolves with: the run's figures (as `einprop train --json` prints them), its model and its history. */
export interface Trained<T extends Task = Task> extends TrainResult {
  /** The trained model, ready to predict, evaluate and save. */
  readonly model: Model<T>;
  /** One record per epoch this run finished, in order: its training loss and accuracy, its test figures (accuracy, or RMSE, MAE and R²), with validation its val_ figures, the time taken. */
  readonly history: readonly EpochProgress[];
}

/**
 * Trains a model on `settings.data` (a file, or arrays: `{ features, targets }`), every setting not
 * given at its default (see `defaults`). Resolves once the run is over and its worker threads have
 * stopped: nothing keeps the process alive after it. Bad settings reject with one UserError naming the
 * field; `options` take progress callbacks, an AbortSignal (the run stops at the next step, resolving
 * with `interrupted`), a state to resume from (`result.state`), or initial layers to fine-tune.
 */
export async function train<T extends Task = 'classification'>(settings: TrainSettings<T>, options: RunOptions = {}): Promise<Trained<T>> {
  const { config, ...reader } = resolveSettings(settings);
  const history: EpochProgress[] = [];
  const onEpoch = (progress: EpochProgress): void => {
    history.push(progress);
    options.onEpoch?.(progress);
  };
  const result = await runTraining(config, { ...options, onEpoch }, reader);
  // The settings' task is the run's: the state records it, and stateParts reads it back.
  const parts = stateParts(result.state);
  return { ...result, model: new Model({ ...parts, task: parts.task as T }), history };
}
