// The optimiser contract: update one flat parameter buffer in place, with state in caller-given buffers.

import type { OptimizerName } from './optimizer-config.js';
import type { RangeUpdate } from './update-rule.js';

/** An optimiser's state for a checkpoint: named buffers (views of the caller's memory) and scalars. */
export interface OptimizerState {
  buffers: Record<string, Float32Array>;
  scalars: Record<string, number>;
}

/** Gives an optimiser a state buffer of `length` floats named `name` (for example in shared memory); the optimiser zeroes it. */
export type Allocate = (name: string, length: number) => Float32Array;

/**
 * Updates `params` in place from `grads` (already averaged over the batch). The update is
 * elementwise, so a step can be split into ranges run by different threads: `advance` once,
 * then each range's bound update with that step's t; that equals `step` bit for bit.
 */
export interface Optimizer {
  readonly name: OptimizerName;
  /** One update of every parameter at learning rate `lr`: `bindRange(…, 0, n)(lr, advance())`, bound once per pair of buffers. */
  step(params: Float32Array, grads: Float32Array, lr: number): void;
  /** Counts a step and returns its number t (1-based; 0 for an optimiser whose update does not read it). */
  advance(): number;
  /** The update of parameters [begin, end) over these buffers and this optimiser's state, bound once; reads and writes only that range. */
  bindRange(params: Float32Array, grads: Float32Array, begin: number, end: number): RangeUpdate;
  /** Named state buffers (e.g. 'm', 'v' for adam, 'velocity' for momentum) and scalars (adam's step count) for checkpoints. */
  state(): OptimizerState;
  /** Restores the scalars of `state()`; the caller has already written the buffers' contents back. */
  restore(scalars: Record<string, number>): void;
}
