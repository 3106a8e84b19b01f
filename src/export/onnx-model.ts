// A trained model as an ONNX file: normalisation, dense layers, activations and target scaling in one graph.

import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { isIdentityAffine } from '../data/column-affine.js';
import { type Normalization, featureAffine, fittedFeatures } from '../data/normalization.js';
import type { Task } from '../data/dataset.js';
import type { TargetScaling } from '../data/target-scaling.js';
import { UserError } from '../errors.js';
import type { ActivationName } from '../ops/activations.js';
import type { LayerState } from '../train/state.js';
import { einpropVersion } from '../version.js';
import { onnxActivation } from './onnx-activations.js';
import { ELEMENT, type GraphValue, OnnxGraph, intAttribute } from './onnx-graph.js';

const { onnx } = onnxProto;

/** The operator set the graph is written for (ONNX 1.12's), and the IR version that goes with it. */
export const ONNX_OPSET = 17;
const IR_VERSION = 8;

/** Everything an exported graph needs, as plain data (a checkpoint's or a `Model`'s). */
export interface ExportableModel {
  /** Layer widths, input first. */
  readonly widths: readonly number[];
  readonly activation: ActivationName;
  readonly output: ActivationName;
  /** Each dense layer's weight [outputs, inputs] row-major and bias [outputs]. */
  readonly layers: readonly LayerState[];
  /** The feature normalisation fitted on the training set. */
  readonly normalization: Normalization;
  /** Regression only: the targets' standardisation, undone on the outputs. */
  readonly targetScaling?: TargetScaling;
  /** Classification only: the label of each output, in output order (default 0 … C−1). */
  readonly classes?: readonly (string | number)[];
  readonly task: Task;
}

/**
 * The model as ONNX bytes (opset 17): input `input` [batch, features] float32; output `output`
 * [batch, outputs], the output activation's values (class probabilities under softmax) or, in
 * regression, values in the targets' units; in classification also `class` [batch] int64, the
 * index of the largest output (the first on ties). Metadata `einprop.classes` holds the labels.
 */
export function exportOnnx(model: ExportableModel): Uint8Array {
  checkExportable(model);
  const { widths, activation, output, task } = model;
  const proto: Onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'einprop',
    producerVersion: einpropVersion,
    docString: `einprop ${task} model: layers ${widths.join(',')}, ${activation} activation, ${output} output`,
    graph: graphOf(model),
    metadataProps: Object.entries(metadata(model)).map(([key, value]) => ({ key, value })),
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(proto)).finish();
}

/** input → normalisation → each layer's Gemm and activation → target scaling → output, and in classification its ArgMax. */
function graphOf(model: ExportableModel): Onnx.IGraphProto {
  const { widths, normalization, targetScaling: scaling } = model;
  const features = widths[0];
  const outputs = widths[widths.length - 1];
  const graph = new OnnxGraph();
  const normalized = normalizationNodes(graph, normalization, 'input', features);
  const activations = layerNodes(graph, model, normalized, scaling === undefined ? 'output' : 'network.output');
  const output = scaling === undefined ? activations : targetScalingNodes(graph, scaling, activations, 'output');
  const graphOutputs: GraphValue[] = [{ name: output, element: ELEMENT.float32, dims: ['batch', outputs] }];
  if (model.task === 'classification') {
    graph.node('ArgMax', [output], 'class', [intAttribute('axis', 1), intAttribute('keepdims', 0)]);
    graphOutputs.push({ name: 'class', element: ELEMENT.int64, dims: ['batch'] });
  }
  return graph.toProto('einprop', [{ name: 'input', element: ELEMENT.float32, dims: ['batch', features] }], graphOutputs);
}

/** (x − shift) / divisor per feature, or `x` itself under a normalisation that changes nothing; returns the result's name. */
function normalizationNodes(graph: OnnxGraph, normalization: Normalization, x: string, features: number): string {
  const affine = featureAffine(normalization, features);
  if (isIdentityAffine(affine)) return x;
  const shifted = graph.node('Sub', [x, graph.constant('normalization.shift', [features], affine.shift)], 'normalization.shifted');
  return graph.node('Div', [shifted, graph.constant('normalization.divisor', [features], affine.divisor)], 'normalization.output');
}

/** Each layer's x·Wᵀ + b (weights stored [outputs, inputs], as einprop keeps them) and its activation; the last is named `output`. */
function layerNodes(graph: OnnxGraph, model: ExportableModel, x: string, output: string): string {
  const last = model.layers.length - 1;
  model.layers.forEach((layer, i) => {
    const weight = graph.constant(`layers.${i}.weight`, [layer.outputs, layer.inputs], layer.weight);
    const bias = graph.constant(`layers.${i}.bias`, [layer.outputs], layer.bias);
    const z = graph.node('Gemm', [x, weight, bias], `layers.${i}.z`, [intAttribute('transB', 1)]);
    const { op, attributes } = onnxActivation(i === last ? model.output : model.activation);
    x = graph.node(op, [z], i === last ? output : `layers.${i}.a`, attributes);
  });
  return x;
}

/** value · std + mean per target: the network's standardised predictions in the targets' units. */
function targetScalingNodes(graph: OnnxGraph, scaling: TargetScaling, x: string, output: string): string {
  const targets = scaling.mean.length;
  const scaled = graph.node('Mul', [x, graph.constant('target.std', [targets], scaling.std)], 'target.scaled');
  return graph.node('Add', [scaled, graph.constant('target.mean', [targets], scaling.mean)], output);
}

/** The `einprop.*` metadata: version, task, layers, activations, normalisation kind and, in classification, the labels. */
function metadata(model: ExportableModel): Record<string, string> {
  const outputs = model.widths[model.widths.length - 1];
  const entries: Record<string, string> = {
    'einprop.version': einpropVersion,
    'einprop.task': model.task,
    'einprop.layers': JSON.stringify(model.widths),
    'einprop.activation': model.activation,
    'einprop.output': model.output,
    'einprop.normalization': model.normalization.kind,
  };
  if (model.task === 'classification') entries['einprop.classes'] = JSON.stringify(model.classes ?? Array.from({ length: outputs }, (_, c) => c));
  if (model.targetScaling !== undefined) entries['einprop.target_scaling'] = 'standard';
  return entries;
}

/**
 * Throws unless the layers chain the widths (layer i maps widths[i] inputs to widths[i + 1] outputs,
 * arrays of those sizes), and classes and target scaling fit the outputs and belong to the model's task.
 */
function checkExportable(model: ExportableModel): void {
  const { widths, layers, classes, targetScaling: scaling, task } = model;
  if (widths.length < 2 || layers.length !== widths.length - 1) {
    throw new UserError(`export: ${layers.length} layers do not fit widths [${widths.join(', ')}]`);
  }
  layers.forEach((layer, i) => {
    if (layer.inputs !== widths[i] || layer.outputs !== widths[i + 1] || layer.weight.length !== layer.inputs * layer.outputs || layer.bias.length !== layer.outputs) {
      throw new UserError(`export: layer ${i} (${layer.outputs}×${layer.inputs}, ${layer.weight.length} weights, ${layer.bias.length} biases) does not fit between widths ${widths[i]} and ${widths[i + 1]}`);
    }
  });
  const outputs = widths[widths.length - 1];
  if (task === 'classification' && scaling !== undefined) throw new UserError('export: a classification model has no target scaling');
  if (task === 'regression' && classes !== undefined) throw new UserError('export: a regression model has no classes');
  if (classes !== undefined && classes.length !== outputs) throw new UserError(`export: ${classes.length} class labels for ${outputs} outputs`);
  if (scaling !== undefined && (scaling.mean.length !== outputs || scaling.std.length !== outputs)) {
    throw new UserError(`export: the target scaling has ${scaling.mean.length} means and ${scaling.std.length} stds for ${outputs} outputs`);
  }
  const fitted = fittedFeatures(model.normalization);
  if (fitted !== null && fitted !== widths[0]) {
    throw new UserError(`the "${model.normalization.kind}" normalisation was fitted to ${fitted} features, but the model takes ${widths[0]} inputs`);
  }
}
