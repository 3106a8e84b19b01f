// Training checkpoints: a safetensors file holding the parameters, the optimiser's state and how to resume.
//
// Tensors (all F32): `layers.{i}.weight` [outputs, inputs] and `layers.{i}.bias` [outputs] for each layer i,
// the model (with early stopping, the best epoch's); beside them, once early stopping has a best epoch, the
// weights the run goes on from as `current.layers.{i}.weight` and `.bias`; and for each optimiser buffer
// `name` (flat over all parameters in the order layer 0 weight, layer 0 bias, layer 1 weight, …) the same
// split: `optimizer.{name}.layers.{i}.weight` and `.bias` (the current weights' state).
// Metadata (all strings): format "einprop-checkpoint", format_version "2" (or "3", see below), einprop_version,
// and as JSON text: model (the ModelConfig), training (the rest of the TrainConfig), normalization, optimizer
// ({ buffers: names, scalars }), rng (generator states by purpose), epoch, step, and where known classes
// (the label of each output) and table (the training table's layout); in regression target_scaling
// ({ mean, std } per target, or null); with class weights class_weights (one per output); with --patience
// early_stopping ({ best_epoch, best_loss, epochs_since_best }; best_epoch 0 before any, and then no
// current.* tensors). Format 3 marks a file holding any of these last three, which an einprop that reads
// format 2 would misread (a regression model as a classifier); other files are format 2. checksum_sha256 is the
// SHA-256 (hex) of every tensor's bytes, the tensors taken in ascending order of name. metadata_sha256
// is the SHA-256 (hex) of the UTF-8 JSON text [metadata, tensors]: metadata the [key, value] pairs of
// every other metadata entry (checksum_sha256 included) and tensors the [name, dtype, shape] of each
// tensor, both in ascending order of key or name. Together they cover the metadata and the tensor bytes.
// Format 1 (the first release) had checksum_sha256 alone: such a file loads, with a warning.

import { createHash } from 'node:crypto';
import { type DataSchema, parseDataSchema } from '../data/data-schema.js';
import { parseNormalization } from '../data/normalization.js';
import { type TargetScaling, parseTargetScaling } from '../data/target-scaling.js';
import { UserError } from '../errors.js';
import { parameterLayout, type ParameterLayout } from '../nn/parameters.js';
import type { TrainConfig } from '../train/config.js';
import { firstNonFinite, float32Values } from './float32-values.js';
import { isCount, isRecord, isUint32 } from './json-guards.js';
import type { EarlyStoppingState } from '../train/early-stopping.js';
import type { LayerState, TrainingState } from '../train/state.js';
import { safetensor, valuesOf, type SafetensorsEntry } from './safetensors-entry.js';
import { type SafetensorsFile, readSafetensors, writeSafetensors } from './safetensors.js';
import { storedTrainConfig } from './stored-config.js';
import { einpropVersion } from '../version.js';
import { warnOnStderr } from '../io/warn.js';

/** Everything needed to resume a run, or to use its model. */
export interface Snapshot {
  /** The run's configuration; empty `model.layers` (widths taken from the data) are saved as the layers' widths. */
  readonly config: TrainConfig;
  /** The fitted feature normalisation, any JSON-able value (undefined is saved as null). */
  readonly normalization: unknown;
  /** The labels of the outputs and the training table's layout; a checkpoint read without them has the outputs' own indices. */
  readonly schema?: DataSchema;
  /** Regression: the targets' scaling (null: none); absent in classification. */
  readonly targetScaling?: TargetScaling | null;
  /** The weight of each class in the loss; absent or null: none. */
  readonly classWeights?: readonly number[] | null;
  /** The model, what eval, predict and other safetensors readers use: with early stopping, the best epoch's layers. */
  readonly layers: readonly LayerState[];
  /** With --patience: early stopping's record; once it has a best epoch, `current` holds the layers the run goes on from. */
  readonly earlyStopping?: EarlyStoppingState;
  readonly current?: readonly LayerState[];
  /** Buffers flat over all parameters (layer 0 weight, layer 0 bias, layer 1 weight, …) and finite scalars such as Adam's step (saved as JSON: −0 reads back as 0). */
  readonly optimizer: { readonly buffers: Readonly<Record<string, Float32Array>>; readonly scalars: Readonly<Record<string, number>> };
  /** Generator states by purpose ('init', 'shuffle', …). */
  readonly rng: Readonly<Record<string, readonly [number, number, number, number]>>;
  readonly epoch: number;
  readonly step: number;
}

const FORMAT = 'einprop-checkpoint';
const FORMAT_VERSION = 2;
/** The format of a checkpoint that holds a regression model, class weights or early stopping's state (see the header). */
const EXTENDED_FORMAT_VERSION = 3;
/** The format of the first release: its checksum covers the tensor bytes, not the metadata. */
const FIRST_FORMAT_VERSION = 1;
/** Metadata keys that only einprop's checkpoints have. */
const EINPROP_KEYS = ['format_version', 'einprop_version', 'checksum_sha256', 'metadata_sha256'] as const;

/** Writes `s` to `path` atomically, as a safetensors file readable by any safetensors library. */
export function saveCheckpoint(path: string, s: Snapshot): void {
  writeSafetensors(path, checkpointFile(s));
}

/** The safetensors tensors and metadata of `s`'s checkpoint: what saveCheckpoint writes. */
export function checkpointFile(s: Snapshot): SafetensorsFile {
  const widths = checkedWidths(s);
  const layout = parameterLayout(widths);
  const tensors = new Map<string, SafetensorsEntry>();
  const putLayers = (prefix: string, layers: readonly LayerState[]): void =>
    layers.forEach((layer, i) => {
      checkFinite(`${prefix}layers.${i}.weight`, layer.weight);
      checkFinite(`${prefix}layers.${i}.bias`, layer.bias);
      tensors.set(`${prefix}layers.${i}.weight`, safetensor('F32', [layer.outputs, layer.inputs], layer.weight));
      tensors.set(`${prefix}layers.${i}.bias`, safetensor('F32', [layer.outputs], layer.bias));
    });
  putLayers('', s.layers);
  const early = s.earlyStopping;
  if ((early !== undefined && early.bestEpoch > 0) !== (s.current !== undefined)) {
    throw new RangeError('saveCheckpoint: the current layers go beside the best epoch\'s, and only there');
  }
  if (s.current !== undefined) {
    if (s.current.length !== s.layers.length || s.current.some((layer, i) => layer.outputs !== s.layers[i].outputs || layer.inputs !== s.layers[i].inputs)) {
      throw new RangeError('saveCheckpoint: the current layers are not the shape of the model\'s');
    }
    putLayers('current.', s.current);
  }
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
  const extended = s.config.task === 'regression' || (s.classWeights ?? null) !== null || early !== undefined;
  const metadata: Record<string, string> = {
    format: FORMAT,
    format_version: String(extended ? EXTENDED_FORMAT_VERSION : FORMAT_VERSION),
    einprop_version: einpropVersion,
    model: JSON.stringify({ ...model, layers: widths }),
    training: JSON.stringify(training),
    normalization: JSON.stringify(s.normalization ?? null),
    optimizer: JSON.stringify({ buffers: bufferNames, scalars: s.optimizer.scalars }),
    rng: JSON.stringify(s.rng),
    epoch: JSON.stringify(s.epoch),
    step: JSON.stringify(s.step),
    ...(s.schema === undefined ? {} : { table: JSON.stringify(s.schema.table) }),
    ...(s.schema === undefined || s.config.task === 'regression' ? {} : { classes: JSON.stringify(s.schema.classes) }),
    ...(s.config.task === 'regression' ? { target_scaling: JSON.stringify(s.targetScaling ?? null) } : {}),
    ...((s.classWeights ?? null) === null ? {} : { class_weights: JSON.stringify(s.classWeights) }),
    ...(early === undefined ? {} : { early_stopping: JSON.stringify({ best_epoch: early.bestEpoch, best_loss: early.bestLoss, epochs_since_best: early.epochsSinceBest }) }),
    checksum_sha256: checksum(tensors),
  };
  return { tensors, metadata: { ...metadata, metadata_sha256: metadataChecksum(metadata, tensors) } };
}

/** A checkpoint as read: its snapshot, with the data schema always present (outputs 0..C−1 where it stored none). */
export type LoadedCheckpoint = Snapshot & { readonly schema: DataSchema };

/**
 * Reads a checkpoint written by `saveCheckpoint`. UserErrors name the file, and the tensor or metadata
 * key at fault: not a checkpoint, a newer format, a missing checksum, a checksum mismatch (corrupt tensor
 * data, or edited metadata), a missing, unexpected or misshapen tensor, or metadata that does not parse.
 * A format-1 checkpoint (no metadata checksum) loads, and `warn` is told that its metadata is unchecked.
 */
export function loadCheckpoint(path: string, warn: (line: string) => void = warnOnStderr): LoadedCheckpoint {
  return checkpointFromFile(readSafetensors(path), path, warn);
}

/**
 * Whether a safetensors file's metadata says einprop wrote it as a checkpoint: its "format", or a
 * key only einprop's checkpoints have. Such a file is held to every check of `loadCheckpoint`.
 */
export function claimsToBeCheckpoint(metadata: Readonly<Record<string, string>>): boolean {
  return metadata.format === FORMAT || EINPROP_KEYS.some((key) => Object.hasOwn(metadata, key));
}

/** `loadCheckpoint` of a file already read from `path` (a name for messages, where the bytes came from elsewhere). */
export function checkpointFromFile(file: SafetensorsFile, path: string, warn: (line: string) => void = warnOnStderr): LoadedCheckpoint {
  const meta = file.metadata;
  const fail = (what: string): never => {
    throw new UserError(`${path}: ${what}`);
  };
  if (meta.format !== FORMAT) {
    const own = EINPROP_KEYS.find((key) => Object.hasOwn(meta, key));
    fail(`not an einprop checkpoint (its metadata has no "format": "${FORMAT}"${own === undefined ? '' : `, yet einprop's "${own}": was it edited?`})`);
  }
  const version = Number(meta.format_version);
  // What einprop always writes is reported as missing when absent, before any check that would read it.
  const required = ['format_version', 'checksum_sha256', ...(version === FORMAT_VERSION || version === EXTENDED_FORMAT_VERSION ? ['metadata_sha256'] : [])];
  const absent = required.filter((key) => meta[key] === undefined).map((key) => `"${key}"`);
  if (absent.length > 0) {
    fail(`metadata ${absent.join(' and ')} ${absent.length === 1 ? 'is' : 'are'} missing, which every checkpoint einprop writes has: was the file written or edited by something else?`);
  }
  if (version !== EXTENDED_FORMAT_VERSION && version !== FORMAT_VERSION && version !== FIRST_FORMAT_VERSION) {
    fail(`checkpoint format ${meta.format_version} is not ${EXTENDED_FORMAT_VERSION}, ${FORMAT_VERSION} or ${FIRST_FORMAT_VERSION}, the ones this einprop (${einpropVersion}) reads`);
  }
  const actual = checksum(file.tensors);
  if (meta.checksum_sha256 !== actual) {
    fail(`checksum mismatch: the tensor data is corrupt (SHA-256 ${actual}, recorded ${meta.checksum_sha256})`);
  }
  // A metadata checksum is checked whatever the version says: the version is metadata too.
  const recorded = meta.metadata_sha256;
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
  const takeLayers = (prefix: string): LayerState[] =>
    layout.layers.map((slot, i) => ({
      weight: take(`${prefix}layers.${i}.weight`, [slot.outputs, slot.inputs]),
      bias: take(`${prefix}layers.${i}.bias`, [slot.outputs]),
      outputs: slot.outputs,
      inputs: slot.inputs,
    }));
  const layers = takeLayers('');
  const optional = (key: string): unknown => (meta[key] === undefined ? undefined : json(key));
  const earlyStopping = meta.early_stopping === undefined ? undefined : earlyStoppingState(json('early_stopping'), fail);
  const current = earlyStopping !== undefined && earlyStopping.bestEpoch > 0 ? takeLayers('current.') : undefined;
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
  const outputs = config.model.layers[config.model.layers.length - 1];
  const regression = config.task === 'regression';
  if (regression && meta.target_scaling === undefined) fail('metadata "target_scaling" is missing, which a regression model needs to map its outputs back');
  return {
    config,
    normalization: json('normalization'),
    schema: parseDataSchema(optional('classes'), optional('table'), outputs, fail, config.task),
    ...(regression ? { targetScaling: parseTargetScaling(json('target_scaling'), outputs, `${path}: metadata "target_scaling"`) } : {}),
    ...(meta.class_weights === undefined ? {} : { classWeights: classWeights(json('class_weights'), outputs, fail) }),
    layers,
    ...(earlyStopping === undefined ? {} : { earlyStopping }),
    ...(current === undefined ? {} : { current }),
    optimizer: { buffers, scalars: optimizer.scalars as Record<string, number> },
    rng: rngStates(json('rng'), fail),
    epoch: count(json('epoch'), 'epoch', fail),
    step: count(json('step'), 'step', fail),
  };
}

/**
 * What a checkpoint of `state` holds: with early stopping past its first improving epoch, the best
 * epoch's layers as the model and the current ones beside them (`current`), which a resume goes on from.
 */
export function snapshotOf(state: TrainingState): Snapshot {
  const { earlyStopping: early, ...rest } = state;
  if (early === undefined) return rest;
  const { best, ...record } = early;
  return best === null ? { ...rest, earlyStopping: record } : { ...rest, layers: best, current: state.layers, earlyStopping: record };
}

/** The state a checkpoint read from `path` resumes: its current layers, its normalisation checked, early stopping's best layers where it has them. */
export function resumeState(snapshot: Snapshot & { readonly schema: DataSchema }, config: TrainConfig, path: string): TrainingState {
  const { current, earlyStopping: early, targetScaling, classWeights, ...rest } = snapshot;
  return {
    ...rest,
    config,
    normalization: parseNormalization(snapshot.normalization, path),
    targetScaling: targetScaling ?? null,
    classWeights: classWeights ?? null,
    layers: current ?? snapshot.layers,
    ...(early === undefined ? {} : { earlyStopping: { ...early, best: current === undefined ? null : snapshot.layers } }),
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
  const bad = firstNonFinite(values);
  if (bad >= 0) throw new RangeError(`saveCheckpoint: ${what} holds ${values[bad]} at element ${bad}`);
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
  // A model's weights must be finite to be used at all (the trainer stops a run whose parameters stop being
  // finite, and saveCheckpoint refuses them). The optimiser's state only matters to a resumed run, which checks it.
  if (!name.startsWith('optimizer.')) return float32Values(entry, name, fail);
  const values = valuesOf(entry);
  if (!(values instanceof Float32Array)) return fail(`tensor "${name}" is not float32`);
  return values;
}

/** Early stopping's record from its JSON metadata (see the header); a best epoch needs its loss. */
function earlyStoppingState(value: unknown, fail: (what: string) => never): EarlyStoppingState {
  const bad = (): never => fail('metadata "early_stopping" is not {"best_epoch", "best_loss", "epochs_since_best"} (counts, and a finite loss with a best epoch)');
  if (!isRecord(value)) return bad();
  const { best_epoch: bestEpoch, best_loss: bestLoss, epochs_since_best: since } = value;
  if (!isCount(bestEpoch) || !isCount(since)) return bad();
  if (bestEpoch === 0) return bestLoss === null ? { bestEpoch, bestLoss: null, epochsSinceBest: since } : bad();
  return typeof bestLoss === 'number' && Number.isFinite(bestLoss) ? { bestEpoch, bestLoss, epochsSinceBest: since } : bad();
}

/** The class weights from their JSON metadata: one positive finite number per output. */
function classWeights(value: unknown, outputs: number, fail: (what: string) => never): number[] {
  const items: readonly unknown[] = Array.isArray(value) ? value : [];
  const weights = items.filter((w): w is number => typeof w === 'number' && Number.isFinite(w) && w > 0);
  return Array.isArray(value) && weights.length === items.length && weights.length === outputs ? weights : fail(`metadata "class_weights" is not ${outputs} positive numbers, one per output`);
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
  return isCount(value) ? value : fail(`metadata "${key}" is not a non-negative integer`);
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

