// An optimiser's update rule: the state it keeps, and its update of a range of parameters, bound once to the buffers.

import type { OptimizerConfig } from './optimizer-config.js';

/** Step t (1-based) of the update at learning rate lr, over the range it was bound to; allocates nothing. */
export type RangeUpdate = (lr: number, t: number) => void;

/** The update of parameters [begin, end), bound to fixed buffers: one per range a thread updates. */
export type BindRange = (begin: number, end: number) => RangeUpdate;

/** What an update reads and writes: the parameters, their gradient (averaged over the batch), and the optimiser's state by name. */
export interface UpdateBuffers {
  readonly params: Float32Array;
  readonly grads: Float32Array;
  /** One buffer of params.length floats per name of the rule's `stateNames`. */
  readonly state: Readonly<Record<string, Float32Array>>;
}

/** An optimiser's rule: what it keeps, and its elementwise update of a range. */
export interface UpdateRule {
  /** The state buffers it keeps, each one float per parameter, in the order they are laid out. */
  readonly stateNames: readonly string[];
  /** True when its update reads the step number t; the count is then part of its checkpointed state ('step'). */
  readonly countsSteps: boolean;
  /** The update of parameters [begin, end) of `buffers`: its kernel (for buffers in kernel memory), offsets and constants chosen here. */
  bind(config: OptimizerConfig, buffers: UpdateBuffers, begin: number, end: number): RangeUpdate;
}
