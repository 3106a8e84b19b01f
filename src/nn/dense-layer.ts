// A dense layer z = W·a + b whose products are the einsums the calculus module derives from it.

import { denseLayerContractions, type NamedContraction } from '../calculus/dense-layer.js';
import { type BoundEinsum, compileEinsum } from '../einsum/einsum.js';
import { bindBroadcastRows } from '../kernels/broadcast-rows.js';
import type { DType, Storage } from '../tensor/dtype.js';
import type { LayerSlots } from './parameters.js';

/** Views of one row count's activations that a layer reads and writes. */
export interface LayerViews {
  /** The layer's input activations a, [rows, inputs]. */
  readonly input: Storage;
  /** Pre-activations z, [rows, outputs]. */
  readonly z: Storage;
  /** g = ∂C/∂z, [rows, outputs]. */
  readonly g: Storage;
  /** Where ∂C/∂a goes, [rows, inputs]; null for the first layer. */
  readonly inputGradient: Storage | null;
}

/** A layer's forward product and its ∂C/∂a step, compiled for one row count. */
export interface BoundLayer {
  /** z ← b + W·a. */
  forward(): void;
  /** ∂C/∂a ← g·W, into the views' `inputGradient`. */
  inputGradient(): void;
}

/** A layer's parameter-gradient steps, compiled for one row count and one gradient buffer. */
export interface BoundLayerGradients {
  /** dW ← gᵀ·a, overwriting the layer's weight slots of the gradient buffer. */
  weightGradient(): void;
  /** db ← Σ_n g, overwriting the layer's bias slots of the gradient buffer. */
  biasGradient(): void;
}

interface Operand {
  readonly data: Storage;
  readonly shape: readonly number[];
}

/** Binds the layer's forward contraction and its ∂C/∂a contraction to the parameters and views. */
export function bindLayer(slots: LayerSlots, params: Storage, views: LayerViews, rows: number, dtype: DType): BoundLayer {
  const { inputs, outputs } = slots;
  const operands = layerOperands(slots, params, views, rows);
  const c = denseLayerContractions();
  const { z, inputGradient } = views;
  const forward = bind(c.forward, operands, z, dtype);
  const input = inputGradient === null ? null : bind(c.input, operands, inputGradient, dtype);
  const bias = bindBroadcastRows(params.subarray(slots.bias, slots.bias + outputs), z, rows, outputs);
  return {
    forward() {
      // z starts as the bias in every row, and the product accumulates onto it.
      bias();
      forward(true);
    },
    inputGradient() {
      if (input === null) throw new Error(`dense layer ${inputs}→${outputs}: the first layer passes no gradient back`);
      input();
    },
  };
}

/** Binds the layer's dW and db contractions, writing into `grads` at the layer's slots. */
export function bindLayerGradients(slots: LayerSlots, params: Storage, grads: Storage, views: LayerViews, rows: number, dtype: DType): BoundLayerGradients {
  const { inputs, outputs } = slots;
  const operands = layerOperands(slots, params, views, rows);
  const c = denseLayerContractions();
  const weight = bind(c.weight, operands, grads.subarray(slots.weight, slots.weight + outputs * inputs), dtype);
  const bias = bind(c.bias, operands, grads.subarray(slots.bias, slots.bias + outputs), dtype);
  return {
    weightGradient() {
      weight();
    },
    biasGradient() {
      bias();
    },
  };
}

function layerOperands(slots: LayerSlots, params: Storage, views: LayerViews, rows: number): Record<string, Operand> {
  const { inputs, outputs } = slots;
  return {
    W: { data: params.subarray(slots.weight, slots.weight + outputs * inputs), shape: [outputs, inputs] },
    b: { data: params.subarray(slots.bias, slots.bias + outputs), shape: [outputs] },
    a: { data: views.input, shape: [rows, inputs] },
    g: { data: views.g, shape: [rows, outputs] },
  };
}

/** Compiles the derived contraction for the operands' shapes and binds it to their buffers and `out`. */
function bind(c: NamedContraction, named: Record<string, Operand>, out: Storage, dtype: DType): BoundEinsum {
  const operands = c.operands.map((name) => {
    const operand = named[name];
    if (operand === undefined) throw new Error(`dense layer: the derived contraction ${c.spec} names an unknown operand '${name}'`);
    return operand;
  });
  const plan = compileEinsum(c.spec, operands.map((o) => o.shape), dtype);
  return plan.bind(operands.map((o) => o.data), out);
}
