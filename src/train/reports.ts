// What a training run reports: progress after steps and epochs, the held-out sets' figures, and the final result.

import type { Task } from '../data/dataset.js';
import type { SetFigures } from './figures.js';
import type { TrainingState } from './state.js';

/** Progress after a step or an epoch, for bars, logs and --metrics. */
export interface Progress {
  readonly epoch: number;
  readonly step: number;
  readonly stepsPerEpoch: number;
  /** Mean training loss over the epoch so far (on the scaled targets, in regression with --normalize-target standard). */
  readonly loss: number;
  /** Training accuracy over the epoch so far (NaN in regression). */
  readonly accuracy: number;
  /** Samples per second of step time, over this epoch so far. */
  readonly samples_per_second: number;
  /** Mean µs per step outside the critical path of shard computation, over this epoch so far. */
  readonly step_overhead_us: number;
  /** Mean µs per step the slowest thread's shards took beyond the mean working thread's, over this epoch so far. */
  readonly step_imbalance_us: number;
  readonly threads: number;
  /** Seconds since training started. */
  readonly elapsed: number;
}

/**
 * The held-out sets' figures, flat as --json and --metrics print them. The test set's: its accuracy
 * (NaN without a test set, and in regression, where JSON prints null), or in regression its RMSE, MAE
 * and R² in the targets' units (absent in classification). The validation set's, where there is one:
 * its loss (the loss the run minimises, on the scaled targets in regression) and accuracy, or RMSE, MAE
 * and R².
 */
export interface HeldOutFields {
  readonly test_accuracy: number;
  readonly test_rmse?: number;
  readonly test_mae?: number;
  readonly test_r2?: number;
  readonly val_loss?: number;
  readonly val_accuracy?: number;
  readonly val_rmse?: number;
  readonly val_mae?: number;
  readonly val_r2?: number;
}

/** Progress at an epoch's end: the epoch's record, with the held-out sets' figures for the weights it ended with. */
export interface EpochProgress extends Progress, HeldOutFields {
  /** With --patience: the epoch (1-based) with the lowest validation loss so far (absent before any). */
  readonly best_epoch?: number;
}

/** What `einprop train --json` prints. */
export interface TrainResult extends HeldOutFields {
  readonly task: Task;
  /** The last finished epoch's mean training loss (on the scaled targets, in regression with --normalize-target standard). */
  readonly train_loss: number;
  /** The last finished epoch's training accuracy (NaN in regression). */
  readonly train_accuracy: number;
  readonly epochs: number;
  /** With --patience: the epoch (1-based) whose model the run kept, scored on the test set and saved (absent before any epoch finished). */
  readonly best_epoch?: number;
  /** True when --patience ended the run before its last epoch. */
  readonly stopped_early: boolean;
  readonly steps: number;
  /** Training samples per second of time spent in steps (evaluation excluded). */
  readonly samples_per_second: number;
  /** Mean µs per step outside the critical path of shard computation. */
  readonly step_overhead_us: number;
  /** Mean µs per step the slowest thread's shards took beyond the mean working thread's. */
  readonly step_imbalance_us: number;
  /** Mean µs per step each thread spent on shards (claims and first-layer tiles), by slot (the main thread first). */
  readonly thread_shard_us: number[];
  /** Mean per step of the threads' own claims (claim k of slot k) that another thread ran. */
  readonly claims_moved_per_step: number;
  readonly threads: number;
  readonly shards: number;
  readonly seed: number;
  readonly layers: number[];
  readonly train_samples: number;
  readonly validation_samples: number;
  readonly test_samples: number;
  readonly elapsed_seconds: number;
  /** True when the run was interrupted before its last epoch. */
  readonly interrupted: boolean;
  /** The model's parameters, flat in layout order (a copy): the best epoch's with --patience, else the last. */
  readonly parameters: Float32Array;
  /** The state to resume from (its current parameters, which with --patience may be later than the model's). */
  readonly state: TrainingState;
}

/** The flat fields of the test set's figures (null: no test set) and the validation set's (null: none) for a run of `task`. */
export function heldOutFields(task: Task, test: SetFigures | null, validation: SetFigures | null): HeldOutFields {
  const tested: HeldOutFields =
    task === 'classification'
      ? { test_accuracy: test?.task === 'classification' ? test.accuracy : Number.NaN }
      : test?.task === 'regression'
        ? { test_accuracy: Number.NaN, test_rmse: test.rmse, test_mae: test.mae, test_r2: test.r2 }
        : { test_accuracy: Number.NaN, test_rmse: Number.NaN, test_mae: Number.NaN, test_r2: Number.NaN };
  if (validation === null) return tested;
  if (validation.task === 'classification') return { ...tested, val_loss: validation.loss, val_accuracy: validation.accuracy };
  return { ...tested, val_loss: validation.loss, val_rmse: validation.rmse, val_mae: validation.mae, val_r2: validation.r2 };
}
