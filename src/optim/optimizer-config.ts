// What an optimiser is asked to be: its name, learning rate and schedule, and the names each setting takes.

/** Optimisers. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam';

/** Learning-rate schedules. */
export type ScheduleName = 'constant' | 'step' | 'cosine';

/** Every optimiser's name, in the order the CLI lists them. */
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam'] as const satisfies readonly OptimizerName[];

/** Every schedule's name, in the order the CLI lists them. */
export const SCHEDULE_NAMES = ['constant', 'step', 'cosine'] as const satisfies readonly ScheduleName[];

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
