// Training checkpoints: a safetensors file holding the parameters, the optimiser's state and how to resume.
//
// Tensors (all F32): `layers.{i}.weight` [outputs, inputs] and `layers.{i}.bias` [outputs] for each layer i,
// and for each optimiser buffer `name` (flat over all parameters in the order layer 0 weight, layer 0 bias,
// layer 1 weight, …) the same split: `optimizer.{name}.layers.{i}.weight` and `.bias`.
// Metadata (all strings): format "einprop-checkpoint", format_version "2", einprop_version, and as JSON
// text: model (the ModelConfig), training (the rest of the TrainConfig), normalization, optimizer
// ({ buffers: names, scalars }), rng (generator states by purpose), epoch, step, and where known classes
// (the label of each output) and table (the training table's layout). checksum_sha256 is the
// SHA-256 (hex) of every tensor's bytes, the tensors taken in ascending order of name. metadata_sha256
// is the SHA-256 (hex) of the UTF-8 JSON text [metadata, tensors]: metadata the [key, value] pairs of
// every other metadata entry (checksum_sha256 included) and tensors the [name, dtype, shape] of each
// tensor, both in ascending order of key or name. Together they cover the metadata and the tensor bytes.
// Format 1 (the first release) had checksum_sha256 alone: such a file loads, with a warning.

import { createHash } from 'node:crypto';
import { type DataSchema, parseDataSchema } from '../data/data-schema.js';
import { UserError } from '../errors.js';
import { parameterLayout, type ParameterLayout } from '../nn/parameters.js';
import type { TrainConfig } from '../train/config.js';
import { safetensor, valuesOf, type SafetensorsEntry } from './safetensors-entry.js';
import { type SafetensorsFile, readSafetensors, writeSafetensors } from './safetensors.js';
import { storedTrainConfig } from './stored-config.js';
import { einpropVersion } from './version.js';

/** Everything needed to resume a run, or to use its model. */
export interface Snapshot {
  /** The run's configuration; empty `model.layers` (widths taken from the data) are saved as the layers' widths. */
  readonly config: TrainConfig;
  /** The fitted feature normalisation, any JSON-able value (undefined is saved as null). */
  readonly normalization: unknown;
  /** The labels of the outputs and the training table's layout; a checkpoint read without them has the outputs' own indices. */
  readonly schema?: DataSchema;
  readonly layers: readonly { readonly weight: Float32Array; readonly bias: Float32Array; readonly outputs: number; readonly inputs: number }[];
  /** Buffers flat over all parameters (layer 0 weight, layer 0 bias, layer 1 weight, …) and finite scalars such as Adam's step (saved as JSON: −0 reads back as 0). */
  readonly optimizer: { readonly buffers: Readonly<Record<string, Float32Array>>; readonly scalars: Readonly<Record<string, number>> };
  /** Generator states by purpose ('init', 'shuffle', …). */
  readonly rng: Readonly<Record<string, readonly [number, number, number, number]>>;
  readonly epoch: number;
  readonly step: number;
}

const FORMAT = 'einprop-checkpoint';
const FORMAT_VERSION = 2;
/** The format of the first release: its checksum covers the tensor bytes, not the metadata. */
const FIRST_FORMAT_VERSION = 1;

/** Writes `s` to `path` atomically, as a safetensors file readable by any safetensors library. */
export function saveCheckpoint(path: string, s: Snapshot): void {
  writeSafetensors(path, checkpointFile(s));
}

/** The safetensors tensors and metadata of `s`'s checkpoint: what saveCheckpoint writes. */
export function checkpointFile(s: Snapshot): SafetensorsFile {
  const widths = checkedWidths(s);
  const layout = parameterLayout(widths);
  const tensors = new Map<string, SafetensorsEntry>();
  s.layers.forEach((layer, i) => {
    checkFinite(`layers.${i}.weight`, layer.weight);
    checkFinite(`layers.${i}.bias`, layer.bias);
    tensors.set(`layers.${i}.weight`, safetensor('F32', [layer.outputs, layer.inputs], layer.weight));
    tensors.set(`layers.${i}.bias`, safetensor('F32', [layer.outputs], layer.bias));
  });
  const bufferNames = Object.keys(s.optimizer.buffers).sort();
  for (const name of bufferNames) {
    const flat = s.optimizer.buffers[name];
    checkFinite(`optimizer buffer "${name}"`, flat);
    if (name.length === 0 || flat.length !== layout.count) {
      throw new RangeError(`saveCheckpoint: optimizer buffer "${name}" has ${flat.length} values, the model ${layout.count} parameters`);
    }
    layout.layers.forEach((slot, i) => {
      const weight = flat.subarray(slot.weight, slot.weight + slot.outputs * slot.inputs);
      tensors.set(`optimizer.${name}.layers.${i}.weight`, safetensor('F32', [slot.outputs, slot.inputs], weight));
      tensors.set(`optimizer.${name}.layers.${i}.bias`, safetensor('F32', [slot.outputs], flat.subarray(slot.bias, slot.bias + slot.outputs)));
    });
  }
  for (const [key, value] of Object.entries(s.optimizer.scalars)) {
    if (!Number.isFinite(value)) throw new RangeError(`saveCheckpoint: optimizer scalar "${key}" is ${value}`);
  }
  const { model, ...training } = s.config;
  const metadata: Record<string, string> = {
    format: FORMAT,
    format_version: String(FORMAT_VERSION),
    einprop_version: einpropVersion,
    model: JSON.stringify({ ...model, layers: widths }),
    training: JSON.stringify(training),
    normalization: JSON.stringify(s.normalization ?? null),
    optimizer: JSON.stringify({ buffers: bufferNames, scalars: s.optimizer.scalars }),
    rng: JSON.stringify(s.rng),
    epoch: JSON.stringify(s.epoch),
    step: JSON.stringify(s.step),
    ...(s.schema === undefined ? {} : { classes: JSON.stringify(s.schema.classes), table: JSON.stringify(s.schema.table) }),
    checksum_sha256: checksum(tensors),
  };
  return { tensors, metadata: { ...metadata, metadata_sha256: metadataChecksum(metadata, tensors) } };
}

/**
 * Reads a checkpoint written by `saveCheckpoint`. UserErrors name the file, and the tensor or metadata
 * key at fault: not a checkpoint, a newer format, a missing checksum, a checksum mismatch (corrupt tensor
 * data, or edited metadata), a missing, unexpected or misshapen tensor, or metadata that does not parse.
 * A format-1 checkpoint (no metadata checksum) loads, and `warn` is told that its metadata is unchecked.
 */
export function loadCheckpoint(path: string, warn: (line: string) => void = warnOnStderr): Snapshot & { readonly schema: DataSchema } {
  return checkpointFromFile(readSafetensors(path), path, warn);
}

/** `loadCheckpoint` of a file already read from `path` (a name for messages, where the bytes came from elsewhere). */
export function checkpointFromFile(file: SafetensorsFile, path: string, warn: (line: string) => void = warnOnStderr): Snapshot & { readonly schema: DataSchema } {
  const meta = file.metadata;
  const fail = (what: string): never => {
    throw new UserError(`${path}: ${what}`);
  };
  if (meta.format !== FORMAT) fail(`not an einprop checkpoint (its metadata has no "format": "${FORMAT}")`);
  const version = Number(meta.format_version);
  if (version !== FORMAT_VERSION && version !== FIRST_FORMAT_VERSION) {
    fail(`checkpoint format ${meta.format_version} is not ${FORMAT_VERSION} or ${FIRST_FORMAT_VERSION}, the ones this einprop (${einpropVersion}) reads`);
  }
  const missing = (key: string): string => `metadata "${key}" is missing, which every checkpoint einprop writes has: was the file written or edited by something else?`;
  if (meta.checksum_sha256 === undefined) fail(missing('checksum_sha256'));
  const actual = checksum(file.tensors);
  if (meta.checksum_sha256 !== actual) {
    fail(`checksum mismatch: the tensor data is corrupt (SHA-256 ${actual}, recorded ${meta.checksum_sha256})`);
  }
  // A metadata checksum is checked whatever the version says: the version is metadata too.
  const recorded = meta.metadata_sha256;
  if (recorded === undefined && version === FORMAT_VERSION) fail(missing('metadata_sha256'));
  if (recorded === undefined) {
    warn(`${path} was written by an older einprop (checkpoint format ${FIRST_FORMAT_VERSION}): its metadata is not covered by a checksum; saving it again adds one`);
  } else {
    const { metadata_sha256: _recorded, ...covered } = meta;
    const computed = metadataChecksum(covered, file.tensors);
    if (recorded !== computed) fail(`the metadata was changed after einprop wrote it (metadata_sha256 mismatch: SHA-256 ${computed}, recorded ${recorded})`);
  }

  const json = (key: string): unknown => {
    const text = meta[key];
    if (text === undefined) return fail(`metadata "${key}" is missing`);
    try {
      return JSON.parse(text);
    } catch {
      return fail(`metadata "${key}" is not valid JSON`);
    }
  };
  const config = storedTrainConfig(json('model'), json('training'), fail);
  const layout = parameterLayout(config.model.layers);

  const used = new Set<string>();
  const take = (name: string, shape: readonly number[]): Float32Array => {
    used.add(name);
    return float32Tensor(file.tensors.get(name), name, shape, fail);
  };
  const layers = layout.layers.map((slot, i) => ({
    weight: take(`layers.${i}.weight`, [slot.outputs, slot.inputs]),
    bias: take(`layers.${i}.bias`, [slot.outputs]),
    outputs: slot.outputs,
    inputs: slot.inputs,
  }));
  const optimizer = json('optimizer');
  if (!isRecord(optimizer) || !Array.isArray(optimizer.buffers) || !optimizer.buffers.every((name) => typeof name === 'string')) {
    return fail('metadata "optimizer" has no list of buffer names');
  }
  if (!isRecord(optimizer.scalars) || !Object.values(optimizer.scalars).every(Number.isFinite)) {
    return fail('metadata "optimizer" has scalars that are not numbers');
  }
  const buffers: Record<string, Float32Array> = {};
  for (const name of optimizer.buffers as string[]) {
    buffers[name] = joinBuffer(layout, (i, part, shape) => take(`optimizer.${name}.layers.${i}.${part}`, shape));
  }
  for (const name of file.tensors.keys()) {
    if (!used.has(name)) fail(`tensor "${name}" is not part of a ${layout.layers.length}-layer model and its optimiser`);
  }
  const optional = (key: string): unknown => (meta[key] === undefined ? undefined : json(key));
  const outputs = config.model.layers[config.model.layers.length - 1];
  return {
    config,
    normalization: json('normalization'),
    schema: parseDataSchema(optional('classes'), optional('table'), outputs, fail),
    layers,
    optimizer: { buffers, scalars: optimizer.scalars as Record<string, number> },
    rng: rngStates(json('rng'), fail),
    epoch: count(json('epoch'), 'epoch', fail),
    step: count(json('step'), 'step', fail),
  };
}

/** The model's widths (from the layers when the config leaves them to the data), checked against the layers. */
function checkedWidths(s: Snapshot): number[] {
  const given = s.config.model.layers;
  const widths = s.layers.length === 0 ? [] : [s.layers[0].inputs, ...s.layers.map((layer) => layer.outputs)];
  if (given.length > 0 && given.join() !== widths.join()) {
    throw new RangeError(`saveCheckpoint: the layers make widths [${widths.join(', ')}] but the model says [${given.join(', ')}]`);
  }
  s.layers.forEach((layer, i) => {
    if (layer.inputs !== widths[i] || layer.weight.length !== layer.outputs * layer.inputs || layer.bias.length !== layer.outputs) {
      throw new RangeError(`saveCheckpoint: layer ${i} (${layer.outputs}×${layer.inputs}) does not fit between widths ${widths[i]} and ${widths[i + 1]}, or its arrays have the wrong lengths`);
    }
  });
  return widths;
}

/** A checkpoint holds finite values only (loadCheckpoint refuses others): a NaN here is a bug in the caller. */
function checkFinite(what: string, values: Float32Array): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`saveCheckpoint: ${what} holds ${values[i]} at element ${i}`);
  }
}

/** Reassembles one flat optimiser buffer from its per-layer tensors. */
function joinBuffer(layout: ParameterLayout, part: (layer: number, which: 'weight' | 'bias', shape: number[]) => Float32Array): Float32Array {
  const flat = new Float32Array(layout.count);
  layout.layers.forEach((slot, i) => {
    flat.set(part(i, 'weight', [slot.outputs, slot.inputs]), slot.weight);
    flat.set(part(i, 'bias', [slot.outputs]), slot.bias);
  });
  return flat;
}

function float32Tensor(entry: SafetensorsEntry | undefined, name: string, shape: readonly number[], fail: (what: string) => never): Float32Array {
  if (entry === undefined) return fail(`tensor "${name}" is missing`);
  if (entry.dtype !== 'F32') return fail(`tensor "${name}" is ${entry.dtype}, not F32`);
  if (entry.shape.length !== shape.length || entry.shape.some((dim, i) => dim !== shape[i])) {
    return fail(`tensor "${name}" has shape [${entry.shape.join(', ')}] but the model needs [${shape.join(', ')}]`);
  }
  const values = valuesOf(entry);
  if (!(values instanceof Float32Array)) return fail(`tensor "${name}" is not float32`);
  // A model's weights must be finite to be used at all. The optimiser's state only matters to a
  // resumed run, which checks it (an older einprop could save an overflowed Adam v).
  // The trainer stops a run whose parameters stop being finite and saveCheckpoint refuses them, so a NaN or ±Inf here was written by something else.
  const bad = name.startsWith('optimizer.') ? -1 : values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) return fail(`tensor "${name}" holds ${values[bad]} at element ${bad}; a model's values must be finite`);
  return values;
}

function rngStates(value: unknown, fail: (what: string) => never): Record<string, readonly [number, number, number, number]> {
  if (!isRecord(value)) return fail('metadata "rng" is not an object of generator states');
  const states: Record<string, readonly [number, number, number, number]> = {};
  for (const [purpose, state] of Object.entries(value)) {
    if (!Array.isArray(state) || state.length !== 4 || !state.every(isUint32)) {
      return fail(`metadata "rng" state "${purpose}" is not four unsigned 32-bit integers`);
    }
    if (state.every((word) => word === 0)) return fail(`metadata "rng" state "${purpose}" is all zeros, which no generator can be in`);
    states[purpose] = [state[0], state[1], state[2], state[3]];
  }
  return states;
}

function count(value: unknown, key: string, fail: (what: string) => never): number {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : fail(`metadata "${key}" is not a non-negative integer`);
}

/** SHA-256, hex, of every tensor's bytes in ascending order of name. */
function checksum(tensors: ReadonlyMap<string, SafetensorsEntry>): string {
  const hash = createHash('sha256');
  for (const name of [...tensors.keys()].sort()) hash.update(tensors.get(name)!.bytes);
  return hash.digest('hex');
}

/** SHA-256, hex, of the metadata entries and each tensor's name, dtype and shape, as the header comment defines it. */
function metadataChecksum(metadata: Readonly<Record<string, string>>, tensors: ReadonlyMap<string, SafetensorsEntry>): string {
  const entries = Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const index = [...tensors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, entry]) => [name, entry.dtype, entry.shape]);
  return createHash('sha256').update(JSON.stringify([entries, index]), 'utf8').digest('hex');
}

/** A warning on stderr, as the command line prints its errors. */
function warnOnStderr(line: string): void {
  process.stderr.write(`einprop: warning: ${line}\n`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUint32(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffffffff;
}
