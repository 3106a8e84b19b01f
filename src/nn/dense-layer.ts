// A dense layer z = W·a + b whose products are the einsums the calculus module derives from it.

import { denseLayerContractions, type NamedContraction } from '../calculus/dense-layer.js';
import { type BoundEinsum, compileEinsum } from '../einsum/einsum.js';
import { bindStep } from '../einsum/execute.js';
import type { BoundStep } from '../kernels/bound-kernel.js';
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
  readonly weightGradient: BoundStep;
  /** db ← Σ_n g, overwriting the layer's bias slots of the gradient buffer. */
  readonly biasGradient: BoundStep;
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
  return { weightGradient: weight, biasGradient: bias };
}

/**
 * Binds the layer's dW contraction over its inputs [begin, end) only, writing those columns of the
 * layer's weight slots in `grads`: the compiled contraction's GEMM over that block of its output's
 * columns. NOTE: the kernel sums each element over the rows in the same order whatever block it
 * computes, so blocks give the bits of the whole product.
 */
export function bindWeightGradientColumns(
  slots: LayerSlots, grads: Storage, views: Pick<LayerViews, 'input' | 'g'>, rows: number, columns: { readonly begin: number; readonly end: number }, dtype: DType,
): BoundStep {
  const { inputs, outputs } = slots;
  const c = denseLayerContractions().weight;
  const named: Record<string, Operand> = { a: { data: views.input, shape: [rows, inputs] }, g: { data: views.g, shape: [rows, outputs] } };
  const operands = operandsOf(c, named);
  const { plan } = compileEinsum(c.spec, operands.map((o) => o.shape), dtype);
  const [step] = plan.steps;
  if (plan.steps.length !== 1 || step.kind !== 'gemm' || step.batchSizes.length > 0 || step.c !== operands.length) {
    throw new Error(`dense layer: ${c.spec} is not one GEMM into its output, so it cannot be bound over a block of columns`);
  }
  // The output's columns are the GEMM's n, and B the operand that carries them: both start at `begin`.
  const buffers = operands.map((o) => o.data);
  buffers[step.b] = buffers[step.b].subarray(columns.begin * step.csB);
  const out = grads.subarray(slots.weight + columns.begin, slots.weight + outputs * inputs);
  const run = bindStep({ ...step, n: columns.end - columns.begin }, [...buffers, out]);
  return () => run(false);
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
  const operands = operandsOf(c, named);
  const plan = compileEinsum(c.spec, operands.map((o) => o.shape), dtype);
  return plan.bind(operands.map((o) => o.data), out);
}

/** The contraction's operands, in its order, from those named. */
function operandsOf(c: NamedContraction, named: Record<string, Operand>): Operand[] {
  return c.operands.map((name) => {
    const operand = named[name];
    if (operand === undefined) throw new Error(`dense layer: the derived contraction ${c.spec} names an unknown operand '${name}'`);
    return operand;
  });
}
