// Taking up a saved state: the point a run resumes at, checked, and its parameters and optimiser state written back.

import { allFinite } from '../kernels/all-finite.js';
import type { ParameterLayout } from '../nn/parameters.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { LayoutViews } from '../parallel/index.js';
import { UserError } from '../errors.js';
import type { TrainingState } from './state.js';
import { writeLayers } from './saved-layers.js';

/** Throws unless a resumed run's epoch and step name a point inside the run: 0 ≤ step < steps an epoch, epoch ≤ epochs. */
export function checkResumePoint(epoch: number, step: number, epochs: number, stepsPerEpoch: number): void {
  if (!(Number.isSafeInteger(epoch) && epoch >= 0 && epoch <= epochs)) throw new UserError(`the resumed state's epoch ${epoch} is not from 0 to the run's ${epochs} epochs`);
  if (!(Number.isSafeInteger(step) && step >= 0 && step < stepsPerEpoch)) {
    throw new UserError(`the resumed state's step ${step} is not within an epoch of ${stepsPerEpoch} steps (another batch size or training set?)`);
  }
}

/** Writes a resumed state's layers and optimiser state into the run's memory; a UserError names what is missing or not finite. */
export function restoreParameters(resume: TrainingState, layout: ParameterLayout, views: LayoutViews, optimizer: Optimizer): void {
  writeLayers(resume.layers, layout, views.params, 'checkpoint');
  for (const [name, buffer] of Object.entries(optimizer.state().buffers)) {
    const saved = resume.optimizer.buffers[name];
    if (saved === undefined || saved.length !== buffer.length) throw new UserError(`checkpoint lacks optimiser state '${name}' of ${buffer.length} values`);
    if (!allFinite(saved)) throw new UserError(`checkpoint's optimiser state '${name}' holds NaN or Inf: the run that saved it had diverged, so it cannot go on (its weights can still be evaluated)`);
    buffer.set(saved);
  }
  optimizer.restore(resume.optimizer.scalars);
}
