// Opening a saved model from code: a checkpoint written by `einprop train --save` or `model.save`, from a path or from bytes.

import { checkpointFromFile, loadCheckpoint, resumeState } from '../checkpoint/checkpoint.js';
import { decodeSafetensors } from '../checkpoint/safetensors.js';
import { UserError } from '../errors.js';
import type { TrainingState } from '../train/state.js';
import { type Classifier, Model, type Regressor } from './model.js';
import { taskOf } from './task.js';

/** How `loadModel` reports what it can still open: by default a process warning (`process.emitWarning`). */
export interface LoadModelOptions {
  /** Called with each warning (an older checkpoint format, whose metadata has no checksum). */
  readonly warn?: (line: string) => void;
}

/**
 * Opens a checkpoint, the file at a path or its bytes (`model.toBuffer()`, or a file read elsewhere),
 * with every check the command line makes: a file that is missing, damaged, edited or not a
 * checkpoint is a UserError naming it. Check `model.task` to tell a classifier from a regressor.
 */
export async function loadModel(source: string | Uint8Array, options: LoadModelOptions = {}): Promise<Classifier | Regressor> {
  const warn = options.warn ?? ((line: string) => process.emitWarning(line, 'EinpropWarning'));
  let name: string;
  let snapshot: ReturnType<typeof loadCheckpoint>;
  if (typeof source === 'string') {
    name = source;
    snapshot = loadCheckpoint(source, warn);
  } else if (source instanceof Uint8Array) {
    name = 'loadModel: the bytes given';
    snapshot = checkpointFromFile(decodeSafetensors(source, name), name, warn);
  } else {
    throw new UserError(`loadModel: give a checkpoint's path or its bytes (a Uint8Array), got ${source === null ? 'null' : typeof source}`);
  }
  const state: TrainingState = resumeState(snapshot, snapshot.config, name);
  const info = taskOf(state);
  return info.task === 'regression' ? new Model(state, { ...info, task: 'regression' }) : new Model(state, { ...info, task: 'classification' });
}
