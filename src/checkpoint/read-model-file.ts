// A safetensors model file told apart: an einprop checkpoint, or weights alone from elsewhere, from a path or from bytes.

import { warnOnStderr } from '../io/warn.js';
import { type LoadedCheckpoint, checkpointFromFile, claimsToBeCheckpoint } from './checkpoint.js';
import { type SafetensorsFile, readSafetensors } from './safetensors.js';
import { type WeightsFile, weightsFromFile } from './weights-file.js';

/** What a model file holds: an einprop checkpoint, or weights alone. */
export type ModelFileContents = { readonly checkpoint: LoadedCheckpoint; readonly weights?: undefined } | { readonly checkpoint?: undefined; readonly weights: WeightsFile };

/**
 * Reads the safetensors file at `path`: a checkpoint when its metadata says einprop wrote one (and then
 * every check of loadCheckpoint applies: a missing checksum is reported as missing), else weights alone
 * (see weightsFromFile). Every problem is a UserError naming the file.
 */
export function readModelFile(path: string, warn: (line: string) => void = warnOnStderr): ModelFileContents {
  return modelFileContents(readSafetensors(path), path, warn);
}

/** `readModelFile` of a file already read, `name` standing for it in messages. */
export function modelFileContents(file: SafetensorsFile, name: string, warn: (line: string) => void = warnOnStderr): ModelFileContents {
  return claimsToBeCheckpoint(file.metadata) ? { checkpoint: checkpointFromFile(file, name, warn) } : { weights: weightsFromFile(file, name) };
}
