// What a training run reports: progress after steps and epochs, and the final result.

import type { TrainingState } from './state.js';

/** Progress after a step or an epoch, for bars, logs and --metrics. */
export interface Progress {
  readonly epoch: number;
  readonly step: number;
  readonly stepsPerEpoch: number;
  /** Mean training loss over the epoch so far. */
  readonly loss: number;
  /** Training accuracy over the epoch so far. */
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

/** Progress at an epoch's end, with the test set's accuracy. */
export interface EpochProgress extends Progress {
  readonly test_accuracy: number;
}

/** What `einprop train --json` prints. */
export interface TrainResult {
  readonly test_accuracy: number;
  readonly train_loss: number;
  readonly train_accuracy: number;
  readonly epochs: number;
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
  readonly test_samples: number;
  readonly elapsed_seconds: number;
  /** True when the run was interrupted before its last epoch. */
  readonly interrupted: boolean;
  /** The final parameters, flat in layout order (a copy). */
  readonly parameters: Float32Array;
  readonly state: TrainingState;
}
