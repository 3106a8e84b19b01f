// Opening a saved model from code: a checkpoint written by `einprop train --save` or `model.save`, or weights from elsewhere, from a path or from bytes.

import type { LoadedCheckpoint } from '../checkpoint/checkpoint.js';
import { type ModelFileContents, modelFileContents, readModelFile } from '../checkpoint/read-model-file.js';
import { decodeSafetensors } from '../checkpoint/safetensors.js';
import { UserError } from '../errors.js';
import { NAMES } from '../train/config.js';
import { type Classifier, Model, type Regressor } from './model.js';
import { type WeightsArchitecture, modelFileParts } from './model-parts.js';

/** How `loadModel` opens a file: the architecture of weights from elsewhere, and where its warnings go. */
export interface LoadModelOptions extends WeightsArchitecture {
  /** Called with each warning (an older checkpoint format, whose metadata has no checksum); by default a process warning (`process.emitWarning`). */
  readonly warn?: (line: string) => void;
}

/**
 * Opens a model file, at a path or as its bytes (`model.toBuffer()`, or a file read elsewhere): a
 * checkpoint (`einprop train --save`, `model.save`), with every check the command line makes, or a
 * safetensors file of weights alone (`<prefix><i>.weight` and `.bias` with one prefix for all, in the order
 * of i: `layers.0.`, nn.Sequential's `0.`, a module's `net.0.` or `fc1.`, …),
 * a classifier of outputs 0..C−1 with the `activation` and `output` the options give (relu and softmax
 * by default) that sees rows as given. A file that is missing, damaged, edited or neither kind, or an
 * option that contradicts a checkpoint, is a UserError naming it. Check `model.task` to tell a classifier from a regressor.
 */
export async function loadModel(source: string | Uint8Array, options: LoadModelOptions = {}): Promise<Classifier | Regressor> {
  const warn = options.warn ?? ((line: string) => process.emitWarning(line, 'EinpropWarning'));
  checkArchitecture(options);
  let name: string;
  let contents: ModelFileContents;
  if (typeof source === 'string') {
    name = source;
    contents = readModelFile(source, warn);
  } else if (source instanceof Uint8Array) {
    name = 'loadModel: the bytes given';
    contents = modelFileContents(decodeSafetensors(source, name), name, warn);
  } else {
    throw new UserError(`loadModel: give a model file's path or its bytes (a Uint8Array), got ${source === null ? 'null' : typeof source}`);
  }
  if (contents.checkpoint !== undefined) checkAgainst(contents.checkpoint, name, options);
  const parts = modelFileParts(contents, name, options);
  return parts.task === 'regression' ? new Model({ ...parts, task: 'regression' }) : new Model({ ...parts, task: 'classification' });
}

/** Throws a UserError where `given` contradicts the architecture the checkpoint read from `name` was trained with. */
function checkAgainst(checkpoint: LoadedCheckpoint, name: string, given: WeightsArchitecture): void {
  const { model } = checkpoint.config;
  for (const key of ['activation', 'output'] as const) {
    const value = given[key];
    if (value !== undefined && value !== model[key]) {
      throw new UserError(`loadModel: options.${key} ${value} contradicts ${name}, which was trained with ${key} ${model[key]}; leave it out`);
    }
  }
}

/** Throws a UserError naming an option that is no activation this einprop has. */
function checkArchitecture(given: WeightsArchitecture): void {
  const names = { activation: NAMES.activation, output: NAMES.output } as const;
  for (const key of ['activation', 'output'] as const) {
    const value: unknown = given[key];
    const allowed: readonly string[] = names[key];
    if (value !== undefined && !(typeof value === 'string' && allowed.includes(value))) {
      throw new UserError(`loadModel: options.${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    }
  }
}
