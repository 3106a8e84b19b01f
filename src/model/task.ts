// What a trained model predicts, read from its state: the one place the regression task's parts enter a Model.

import type { Task } from '../data/dataset.js';
import type { TargetScaling } from '../data/target-scaling.js';
import type { TrainingState } from '../train/state.js';

/** A model's task, and for regression the standardisation its outputs are mapped back through (value · std + mean). */
export interface TaskInfo<T extends Task = Task> {
  readonly task: T;
  /** Regression only: the targets' standardisation fitted on the training set; absent, the outputs are the values. */
  readonly targetScaling?: TargetScaling;
}

/** The task of the model `state` holds (its config's, classification where it names none) and, in regression, its target scaling. */
export function taskOf(state: TrainingState): TaskInfo {
  if (state.config.task !== 'regression') return { task: 'classification' };
  return state.targetScaling === null ? { task: 'regression' } : { task: 'regression', targetScaling: state.targetScaling };
}
