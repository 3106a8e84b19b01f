// What a Model is made of, from a trained state or from weights alone: its task, network, layers and what is applied around them.

import { resumeState, snapshotOf } from '../checkpoint/checkpoint.js';
import type { ModelFileContents } from '../checkpoint/read-model-file.js';
import type { WeightsFile } from '../checkpoint/weights-file.js';
import { labelValue, outputClasses } from '../data/class-labels.js';
import type { Task } from '../data/dataset.js';
import type { Normalization } from '../data/normalization.js';
import type { TargetScaling } from '../data/target-scaling.js';
import type { ExportableModel } from '../export/onnx-model.js';
import type { NetworkSpec } from '../nn/network.js';
import type { ActivationName, HiddenActivationName } from '../ops/activations.js';
import { defaults } from '../train/defaults.js';
import type { LayerState, TrainingState } from '../train/state.js';
import { taskOf } from './task.js';


/** Output activations whose values are probabilities: softmax's of the classes (they sum to 1), sigmoid's of each class on its own. */
export const PROBABILITY_OUTPUTS: readonly ActivationName[] = ['softmax', 'sigmoid'];

/** A network's architecture with a hidden activation that hidden layers can have. */
export type ModelNetwork = NetworkSpec & { readonly activation: HiddenActivationName };

/** What a Model is made of; `train()` and `loadModel()` make them. */
export interface ModelParts<T extends Task = Task> {
  readonly task: T;
  readonly network: ModelNetwork;
  /** The layers it predicts with (with early stopping, the best epoch's). */
  readonly layers: readonly LayerState[];
  /** Applied to every row before the network sees it. */
  readonly normalization: Normalization;
  /** A classifier's label of each output, in output order (0..C−1 where none were stored); none in regression. */
  readonly classes: readonly string[];
  /** Regression: the targets' standardisation the outputs are mapped back through (null: none). */
  readonly targetScaling: TargetScaling | null;
  /** The training state its checkpoint holds; absent for weights from elsewhere. */
  readonly state?: TrainingState;
  /** Where weights from elsewhere came from, for messages. */
  readonly source?: string;
}

/** The architecture weights from elsewhere are given (`activation`, `output`: what the caller says, relu and softmax by default). */
export interface WeightsArchitecture {
  readonly activation?: HiddenActivationName;
  readonly output?: ActivationName;
}

/**
 * The parts of a model file's contents, `name` standing for the file in messages: a checkpoint's kept
 * model (its normalisation checked), or weights from elsewhere with the architecture `given` says.
 */
export function modelFileParts(contents: ModelFileContents, name: string, given: WeightsArchitecture): ModelParts {
  if (contents.checkpoint === undefined) return weightsParts(contents.weights, name, given);
  return stateParts(resumeState(contents.checkpoint, contents.checkpoint.config, name));
}

/** The model as the ONNX exporter takes it: its architecture, layers, normalisation, and labels or target scaling. */
export function exportableParts(parts: ModelParts): ExportableModel {
  const { network, layers, normalization } = parts;
  const base = { widths: network.widths, activation: network.activation, output: network.output, layers, normalization };
  if (parts.task === 'regression') return { ...base, task: 'regression', ...(parts.targetScaling === null ? {} : { targetScaling: parts.targetScaling }) };
  return { ...base, task: 'classification', classes: parts.classes.map(labelValue) };
}

/** The parts of the model `state` holds: its task and target scaling (see taskOf), and the layers a checkpoint of it keeps as the model. */
export function stateParts(state: TrainingState): ModelParts {
  const { task, targetScaling } = taskOf(state);
  const { model } = state.config;
  const { layers } = snapshotOf(state);
  const network: ModelNetwork = {
    widths: widthsOf(layers),
    activation: model.activation,
    output: model.output,
    loss: model.loss,
    ...(model.huberDelta === undefined ? {} : { huberDelta: model.huberDelta }),
  };
  return { task, network, layers, normalization: state.normalization, classes: task === 'regression' ? [] : state.schema.classes, targetScaling: targetScaling ?? null, state };
}

/**
 * The parts of weights from elsewhere, read from `source`: a classifier of outputs 0..C−1 that sees the
 * rows as given (no normalisation), with the architecture `given` says.
 */
function weightsParts(weights: WeightsFile, source: string, given: WeightsArchitecture): ModelParts<'classification'> {
  return {
    task: 'classification',
    network: weightsNetwork(weights.widths, given),
    layers: weights.layers,
    normalization: { kind: 'none' },
    classes: outputClasses(weights.widths[weights.widths.length - 1]),
    targetScaling: null,
    source,
  };
}

/** The network of weights from elsewhere of these widths: the architecture `given` says, and a loss that can follow its output (none is computed to predict). */
function weightsNetwork(widths: readonly number[], given: WeightsArchitecture): ModelNetwork {
  const output = given.output ?? defaults.output;
  return { widths, activation: given.activation ?? defaults.activation, output, loss: output === 'softmax' ? 'cross-entropy' : 'mse' };
}

/** The widths of `layers`, input first. */
function widthsOf(layers: readonly LayerState[]): number[] {
  return layers.length === 0 ? [] : [layers[0].inputs, ...layers.map((layer) => layer.outputs)];
}
