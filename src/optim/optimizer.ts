// The optimiser contract: update one flat parameter buffer in place, with state in caller-given buffers.

import type { OptimizerName } from './optimizer-config.js';

/** An optimiser's state for a checkpoint: named buffers (views of the caller's memory) and scalars. */
export interface OptimizerState {
  buffers: Record<string, Float32Array>;
  scalars: Record<string, number>;
}

/** Gives an optimiser a zero-filled state buffer of `length` floats named `name` (for example in shared memory). */
export type Allocate = (name: string, length: number) => Float32Array;

/**
 * Updates `params` in place from `grads` (already averaged over the batch). The update is
 * elementwise, so a step can be split into ranges run by different threads: `advance` once,
 * then `updateRange` over ranges that cover the parameters; that equals `step` bit for bit.
 */
export interface Optimizer {
  readonly name: OptimizerName;
  /** One update of every parameter at learning rate `lr`: `updateRange(…, advance(), 0, n)`; allocates nothing. */
  step(params: Float32Array, grads: Float32Array, lr: number): void;
  /** Counts a step and returns its number t (1-based), which every range of that step's update is given. */
  advance(): number;
  /** The update of parameters [begin, end) at step t; reads and writes only that range of params and state. */
  updateRange(params: Float32Array, grads: Float32Array, lr: number, t: number, begin: number, end: number): void;
  /** Named state buffers (e.g. 'm', 'v' for adam, 'velocity' for momentum) and scalars (adam's step count) for checkpoints. */
  state(): OptimizerState;
  /** Restores the scalars of `state()`; the caller has already written the buffers' contents back. */
  restore(scalars: Record<string, number>): void;
}

/** Throws unless [begin, end) is a range of the `paramCount` parameters (a caller's bug, not the user's). */
export function checkRange(name: OptimizerName, paramCount: number, begin: number, end: number): void {
  if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || end < begin || end > paramCount) {
    throw new RangeError(`${name}.updateRange: [${begin}, ${end}) is not a range of ${paramCount} parameters`);
  }
}

/** Throws unless `params` and `grads` both hold `paramCount` values (a caller's bug, not the user's). */
export function checkStepBuffers(name: OptimizerName, paramCount: number, params: Float32Array, grads: Float32Array): void {
  if (params.length !== paramCount || grads.length !== paramCount) {
    throw new RangeError(`${name}.step: expected ${paramCount} parameters and gradients, got ${params.length} and ${grads.length}`);
  }
}
