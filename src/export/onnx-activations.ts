// Each einprop activation as the ONNX operator that computes it (an activation missing here is a compile error).

import type { onnx as Onnx } from 'onnx-proto';
import { leakySlope } from '../calculus/rules.js';
import type { ActivationName } from '../train/config.js';
import { floatAttribute, intAttribute } from './onnx-graph.js';

/** An ONNX operator and its attributes. */
export interface OnnxOperator {
  readonly op: string;
  readonly attributes: readonly Onnx.IAttributeProto[];
}

/** The operator of each activation, over [batch, width] values; softmax normalises each row (the last axis). */
export const onnxActivations: { readonly [K in ActivationName]: OnnxOperator } = {
  sigmoid: { op: 'Sigmoid', attributes: [] },
  tanh: { op: 'Tanh', attributes: [] },
  relu: { op: 'Relu', attributes: [] },
  'leaky-relu': { op: 'LeakyRelu', attributes: [floatAttribute('alpha', leakySlope)] },
  identity: { op: 'Identity', attributes: [] },
  softmax: { op: 'Softmax', attributes: [intAttribute('axis', -1)] },
};
