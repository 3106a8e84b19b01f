// An ONNX graph under construction: its nodes in order and their float32 constants, as onnx-proto messages.

import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;

/** The ONNX tensor element types an einprop graph uses. */
export const ELEMENT = { float32: onnx.TensorProto.DataType.FLOAT, int64: onnx.TensorProto.DataType.INT64 } as const;

/** A graph's input or output: its name, element type and dimensions (a string is a named, dynamic dimension). */
export interface GraphValue {
  readonly name: string;
  readonly element: Onnx.TensorProto.DataType;
  readonly dims: readonly (number | string)[];
}

/** An integer attribute (an axis, a flag). */
export function intAttribute(name: string, value: number): Onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
}

/** A float attribute (a slope). */
export function floatAttribute(name: string, value: number): Onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value };
}

/** Nodes and constants added in the order they compute; `toProto` makes the GraphProto. */
export class OnnxGraph {
  private readonly nodes: Onnx.INodeProto[] = [];
  private readonly initializers: Onnx.ITensorProto[] = [];

  /** Adds a float32 constant of shape `dims` holding `values` (rounded to float32); returns its name. */
  constant(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    const count = dims.reduce((n, d) => n * d, 1);
    if (values.length !== count) throw new RangeError(`OnnxGraph: constant "${name}" of shape [${dims.join(', ')}] needs ${count} values, got ${values.length}`);
    this.initializers.push({ name, dims: [...dims], dataType: ELEMENT.float32, floatData: Array.from(values) });
    return name;
  }

  /** Adds the node `op(inputs)` with `attributes`, whose one output is named `output`; returns that name. */
  node(op: string, inputs: readonly string[], output: string, attributes: readonly Onnx.IAttributeProto[] = []): string {
    this.nodes.push({ opType: op, name: output, input: [...inputs], output: [output], attribute: [...attributes] });
    return output;
  }

  /** The graph named `name` from `inputs` to `outputs`, each of which a node or input must produce. */
  toProto(name: string, inputs: readonly GraphValue[], outputs: readonly GraphValue[]): Onnx.IGraphProto {
    return { name, node: this.nodes, initializer: this.initializers, input: inputs.map(valueInfo), output: outputs.map(valueInfo) };
  }
}

function valueInfo(value: GraphValue): Onnx.IValueInfoProto {
  const dim = value.dims.map((d): Onnx.TensorShapeProto.IDimension => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name: value.name, type: { tensorType: { elemType: value.element, shape: { dim } } } };
}
