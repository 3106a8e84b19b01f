// Each einprop activation as the ONNX operator its record names, with the attributes as ONNX messages.

import type { onnx as Onnx } from 'onnx-proto';
import { ACTIVATIONS, type ActivationName } from '../ops/activations.js';
import { floatAttribute, intAttribute } from './onnx-graph.js';

/** An ONNX operator and its attributes, ready for a node. */
export interface OnnxNodeOperator {
  readonly op: string;
  readonly attributes: readonly Onnx.IAttributeProto[];
}

/** The operator of activation `name` over [batch, width] values (softmax normalises each row, the last axis). */
export function onnxActivation(name: ActivationName): OnnxNodeOperator {
  const { op, floats = {}, ints = {} } = ACTIVATIONS[name].onnx;
  return {
    op,
    attributes: [
      ...Object.entries(floats).map(([key, value]) => floatAttribute(key, value)),
      ...Object.entries(ints).map(([key, value]) => intAttribute(key, value)),
    ],
  };
}
