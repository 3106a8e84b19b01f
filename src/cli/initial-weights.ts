// `train --init-from FILE`: the weights a run starts from (a checkpoint's, or weights alone), the settings they imply, and the checks that they fit.

import { type Normalization, parseNormalization } from '../data/normalization.js';
import type { TrainConfig } from '../train/config.js';
import type { LayerState } from '../train/state.js';
import { badFlag } from './flag-values.js';
import { readModelFile } from '../checkpoint/read-model-file.js';
import { contradiction } from './model-file.js';
import { type InheritedFlags, flagLookup } from './options.js';
import { warnOnStderr } from '../io/warn.js';

/** The weights of an --init-from file, and what a checkpoint says besides. */
export interface InitialWeights {
  readonly path: string;
  readonly layers: readonly LayerState[];
  /** Per layer, the file's names of its weight and bias tensors. */
  readonly names: readonly { readonly weight: string; readonly bias: string }[];
  /** A checkpoint's settings and normalisation; undefined for weights alone. */
  readonly checkpoint: { readonly config: TrainConfig; readonly normalization: Normalization } | undefined;
}

/** Reads the --init-from file at `path`: a checkpoint (every check of loadCheckpoint) or weights alone (see weightsFromFile). */
export function openInitialWeights(path: string): InitialWeights {
  const contents = readModelFile(path);
  if (contents.weights !== undefined) return { path, ...contents.weights, checkpoint: undefined };
  const { config, layers, normalization } = contents.checkpoint;
  const names = layers.map((_, i) => ({ weight: `layers.${i}.weight`, bias: `layers.${i}.bias` }));
  return { path, layers, names, checkpoint: { config, normalization: parseNormalization(normalization, path) } };
}

/**
 * The flag values the weights give a run where neither the flags nor the --config file do: their widths
 * (--layers); a checkpoint's activation, output, loss (and Huber's δ) and normalisation; for weights
 * alone --normalize none, as they see the data as given. Nothing else: data, optimiser and schedule are the run's own.
 */
export function inheritedFlags(initial: InitialWeights): InheritedFlags {
  const widths = [initial.layers[0].inputs, ...initial.layers.map((layer) => layer.outputs)];
  const config = initial.checkpoint?.config;
  const trained =
    config === undefined
      ? { normalize: 'none' }
      : {
          activation: config.model.activation,
          output: config.model.output,
          loss: config.model.loss,
          ...(config.model.huberDelta === undefined ? {} : { 'huber-delta': config.model.huberDelta }),
          normalize: config.normalize,
        };
  return { values: { layers: widths.join(','), ...trained }, from: `--init-from ${initial.path}` };
}

/**
 * What `train()` starts from (its `initial` option), once checked against `config` (what toTrainConfig
 * made of the flags over inheritedFlags): every layer's shape must be the one the widths give it, and
 * a checkpoint's activation and output are kept (a flag that contradicts one is a usage error naming both).
 * A checkpoint's normalisation is reused when the run asks for its kind, so that the weights see the inputs
 * they were fitted to; another kind, or one asked of weights alone, is fitted to the new training set, with a warning.
 */
export function startingPoint(
  argv: Readonly<Record<string, unknown>>,
  config: TrainConfig,
  initial: InitialWeights,
  warn: (line: string) => void = warnOnStderr,
): { readonly layers: readonly LayerState[]; readonly normalization?: Normalization } {
  const given = flagLookup(argv);
  checkShapes(config.model.layers, initial, given('layers')?.where ?? '--layers');
  const trained = initial.checkpoint;
  for (const key of ['activation', 'output'] as const) {
    const saved = trained?.config.model[key];
    const wanted = config.model[key];
    if (saved !== undefined && wanted !== saved) throw contradiction(given(key)?.where ?? `--${key}`, wanted, initial.path, key, saved);
  }
  if (trained !== undefined && config.normalize === trained.config.normalize) return { layers: initial.layers, normalization: trained.normalization };
  if (config.normalize !== (trained?.config.normalize ?? 'none')) {
    const before = trained === undefined ? 'without normalisation' : `with --normalize ${trained.config.normalize}`;
    warn(`the weights of ${initial.path} were fitted ${before}; --normalize ${config.normalize} is fitted to the new training data`);
  }
  return { layers: initial.layers };
}

/** Throws a usage error at `where` unless the layers have exactly the shapes the widths give, naming the first tensor that differs and both shapes. */
function checkShapes(widths: readonly number[], initial: InitialWeights, where: string): void {
  const { layers, names, path } = initial;
  const plural = (n: number): string => `${n} layer${n === 1 ? '' : 's'}`;
  const count = Math.max(layers.length, widths.length - 1);
  for (let i = 0; i < count; i++) {
    const layer = layers[i];
    const wanted = i + 1 < widths.length ? `[${widths[i + 1]}, ${widths[i]}]` : undefined;
    if (layer === undefined) {
      throw badFlag(where, `${widths.join(',')} needs layer ${i + 1} as ${wanted}, but ${path} holds ${plural(layers.length)}, the last "${names[layers.length - 1].weight}"`);
    }
    const shape = `[${layer.outputs}, ${layer.inputs}]`;
    if (wanted === undefined) throw badFlag(where, `${widths.join(',')} has ${plural(widths.length - 1)}, but ${path} holds more: tensor "${names[i].weight}" ${shape} has no place`);
    if (shape !== wanted) throw badFlag(where, `${widths.join(',')} needs ${wanted} for layer ${i + 1}, but tensor "${names[i].weight}" of ${path} is ${shape}`);
  }
}
