// A model's layers as checkpoints keep them (weight [out, in] and bias per layer), to and from its flat parameters.

import { UserError } from '../errors.js';
import type { ParameterLayout } from '../nn/parameters.js';
import type { Storage } from '../tensor/dtype.js';
import type { LayerState } from './state.js';

/**
 * Writes saved `layers` into `params`, the flat parameters of a model of `layout`; layers that do not fit it are
 * refused, naming `what` holds them (a shorter array would leave a layer half initialised, a longer one overrun the next).
 */
export function writeLayers(layers: readonly LayerState[], layout: ParameterLayout, params: Storage, what: string): void {
  if (layers.length !== layout.layers.length) throw new UserError(`${what} has ${layers.length} layers; the model has ${layout.layers.length}`);
  for (const [i, l] of layout.layers.entries()) {
    const saved = layers[i];
    if (saved.outputs !== l.outputs || saved.inputs !== l.inputs) {
      throw new UserError(`${what} tensor layers.${i}.weight is [${saved.outputs}, ${saved.inputs}]; the model needs [${l.outputs}, ${l.inputs}]`);
    }
    if (saved.weight.length !== l.outputs * l.inputs || saved.bias.length !== l.outputs) {
      throw new UserError(`${what} layer ${i} holds ${saved.weight.length} weights and ${saved.bias.length} biases; [${l.outputs}, ${l.inputs}] needs ${l.outputs * l.inputs} and ${l.outputs}`);
    }
    params.set(saved.weight, l.weight);
    params.set(saved.bias, l.bias);
  }
}

/** The saved layers of a model of `layout` as new flat parameters (see writeLayers). */
export function flatParameters(layers: readonly LayerState[], layout: ParameterLayout, what: string): Float32Array {
  const params = new Float32Array(layout.count);
  writeLayers(layers, layout, params, what);
  return params;
}

/** The flat parameters of a model of `layout`, copied out layer by layer as a checkpoint keeps them. */
export function layerStates(params: Float32Array, layout: ParameterLayout): LayerState[] {
  return layout.layers.map((l) => ({
    weight: params.slice(l.weight, l.weight + l.outputs * l.inputs),
    bias: params.slice(l.bias, l.bias + l.outputs),
    outputs: l.outputs,
    inputs: l.inputs,
  }));
}
