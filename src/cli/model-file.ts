// A model file opened for use: an einprop checkpoint (network, normalisation, training settings) or weights from elsewhere.

import type { Options } from 'yargs';
import type { DataSchema } from '../data/data-schema.js';
import type { Dataset } from '../data/dataset.js';
import { resolveNormalize } from '../data/load-dataset.js';
import { type Normalization, type NormalizeName, fitNormalization } from '../data/normalization.js';
import type { TargetScaling } from '../data/target-scaling.js';
import type { Network, NetworkSpec } from '../nn/network.js';
import type { ActivationName, HiddenActivationName, TrainConfig } from '../train/config.js';
import { restoreNetwork } from '../train/restore-network.js';
import type { TrainingState } from '../train/state.js';
import { readModelFile } from '../checkpoint/read-model-file.js';
import type { UserError } from '../errors.js';
import { badFlag, choice } from './flag-values.js';
import type { FlagSource } from './options.js';
import { flagChoices, trainDefaults } from './flag-definitions.js';
import { warnOnStderr } from '../io/warn.js';
import { type ModelParts, modelFileParts } from '../model/model-parts.js';

/** A trained model read from a checkpoint, or weights from elsewhere with the architecture the flags give. */
export interface SavedModel {
  /** The file's path, for messages. */
  readonly path: string;
  /** What the file holds, as the library's Model has it (the rest of this record is read from it and the flags). */
  readonly parts: ModelParts;
  /** The settings it was trained with (its data, split, seed, …; `config.model.layers` are its widths); undefined for weights from elsewhere. */
  readonly config: TrainConfig | undefined;
  /** Its architecture (`parts.network`). */
  readonly spec: NetworkSpec;
  /**
   * The normalisation to apply to any data it sees: a checkpoint's, fitted on its training set;
   * undefined where `normalize` is to be fitted on the data given (see normalizationFor).
   */
  readonly normalization: Normalization | undefined;
  /** The kind of `normalization`: a checkpoint's --normalize, or for weights from elsewhere --normalize (default none). */
  readonly normalize: NormalizeName;
  /** The label of each output, and how its training table's columns were laid out (outputs 0..C−1 and no table for weights alone). */
  readonly schema: DataSchema;
  /** Regression: the targets' scaling, to map outputs back to the targets' units (null: none, and always in classification). */
  readonly targetScaling: TargetScaling | null;
  readonly network: Network;
}

/** What --activation, --output and --normalize say about a model file: the architecture of weights from elsewhere; for a checkpoint, only what it says already. */
export interface ModelFlags {
  readonly activation?: HiddenActivationName;
  readonly output?: ActivationName;
  readonly normalize?: NormalizeName;
}

/** How eval, predict and export describe their --model. */
export const MODEL_FILE_HELP = "a checkpoint written by train --save, or a safetensors file of weights alone (<prefix><i>.weight and .bias, one prefix for all: layers.0., net.0., fc1., nn.Sequential's 0., …)";

/** The yargs definitions of --activation, --output and --normalize for eval, predict and export. */
export const modelFlagOptions = {
  activation: {
    type: 'string',
    requiresArg: true,
    describe: `for weights without einprop's metadata: the hidden layers' activation, ${flagChoices.activation.join('|')}`,
    defaultDescription: `the checkpoint's, else ${trainDefaults.activation}`,
  },
  output: {
    type: 'string',
    requiresArg: true,
    describe: `for weights without einprop's metadata: the output activation, ${flagChoices.output.join('|')}`,
    defaultDescription: `the checkpoint's, else ${trainDefaults.output}`,
  },
  normalize: {
    type: 'string',
    requiresArg: true,
    describe: `for weights without einprop's metadata: a normalisation (${flagChoices.normalize.join('|')}) fitted to the data given, with a warning`,
    defaultDescription: "the checkpoint's, else none",
  },
} as const satisfies Record<string, Options>;

/** The checked --activation, --output and --normalize, from the command line or a --config file (absent ones left out). */
export function toModelFlags(flag: FlagSource): ModelFlags {
  const pick = <T extends string>(name: keyof typeof modelFlagOptions, choices: readonly T[]): T | undefined => {
    const value = flag(name);
    return value === undefined ? undefined : choice(value, choices);
  };
  const activation = pick('activation', flagChoices.activation);
  const output = pick('output', flagChoices.output);
  const normalize = pick('normalize', flagChoices.normalize);
  return { ...(activation === undefined ? {} : { activation }), ...(output === undefined ? {} : { output }), ...(normalize === undefined ? {} : { normalize }) };
}

/**
 * Opens the model file at `path` (a UserError naming the file if it is missing, damaged or neither kind).
 * A checkpoint brings its architecture and normalisation: a flag that contradicts them is a usage error
 * (exit 2) naming both. Weights from elsewhere take theirs from `flags` (relu, softmax, no normalisation
 * by default); asking for a normalisation warns, through `warn`, that the weights were not fitted with it.
 */
export function loadModel(path: string, flags: ModelFlags = {}, warn: (line: string) => void = warnOnStderr): SavedModel {
  const parts = modelFileParts(readModelFile(path, warn), path, flags);
  return parts.state === undefined ? weightsModel(path, parts, flags, warn) : checkpointModel(path, parts, parts.state, flags);
}

/** The normalisation to apply to `data` before the model sees it: the model's own, or `model.normalize` fitted to `data`. */
export function normalizationFor(model: SavedModel, data: Dataset): Normalization {
  return model.normalization ?? fitNormalization(data, resolveNormalize(model.normalize, data.source));
}

/** The usage error (exit 2) of a flag at `where` whose `value` contradicts the setting `key` the checkpoint at `path` was trained with (`saved`). */
export function contradiction(where: string, value: string, path: string, key: string, saved: string): UserError {
  return badFlag(where, `${value} contradicts ${path}, which was trained with --${key} ${saved}; leave --${key} out`);
}

/** The model's input width. */
export function inputWidth(model: SavedModel): number {
  return model.spec.widths[0];
}

/** The model's output width: the number of classes it predicts. */
export function outputWidth(model: SavedModel): number {
  return model.spec.widths[model.spec.widths.length - 1];
}

/** A checkpoint's model, unless a flag contradicts what it was trained with: its architecture, or the kind of normalisation it fitted. */
function checkpointModel(path: string, parts: ModelParts, state: TrainingState, flags: ModelFlags): SavedModel {
  const { network, normalization } = parts;
  // Compared with what was fitted: a checkpoint trained with --normalize auto fitted standard or max.
  const normalize = normalization.kind;
  const saved: ModelFlags = { activation: network.activation, output: network.output, normalize };
  for (const key of ['activation', 'output', 'normalize'] as const) {
    const given = flags[key];
    const kept = saved[key];
    if (given !== undefined && kept !== undefined && given !== kept) throw contradiction(`--${key}`, given, path, key, kept);
  }
  return {
    path,
    parts,
    config: state.config,
    spec: network,
    normalization,
    normalize,
    schema: state.schema,
    targetScaling: parts.targetScaling,
    network: restoreNetwork(network, parts.layers),
  };
}

/** Weights from elsewhere: the normalisation --normalize asks for is fitted to the data given, with a warning that the weights were not fitted with it. */
function weightsModel(path: string, parts: ModelParts, flags: ModelFlags, warn: (line: string) => void): SavedModel {
  const normalize = flags.normalize ?? 'none';
  if (normalize !== 'none') {
    warn(`${path} holds weights alone: they were not fitted with --normalize ${normalize}, which is fitted here to the data given`);
  }
  return {
    path,
    parts,
    config: undefined,
    spec: parts.network,
    normalization: normalize === 'none' ? parts.normalization : undefined,
    normalize,
    schema: { classes: parts.classes, table: null },
    targetScaling: null,
    network: restoreNetwork(parts.network, parts.layers),
  };
}
