// A trained network rebuilt from saved layers: float32 over kernel memory, batched as the trainer's evaluator is.

import { KernelMemory } from '../kernels/kernel-memory.js';
import { Network, type NetworkSpec } from '../nn/network.js';
import { parameterLayout } from '../nn/parameters.js';
import type { LayerState } from './state.js';

/**
 * Rows the network runs at a time: the trainer's evaluator runs 256 too, so that `evaluate` on a restored
 * network repeats the trainer's test accuracy bit for bit (the same float32 products in the same batches).
 */
export const EVALUATION_ROWS = 256;

/** A float32 network holding `layers` (as a checkpoint or a TrainingState keeps them), ready for `predictClasses`. */
export function restoreNetwork(spec: NetworkSpec, layers: readonly LayerState[]): Network {
  const layout = parameterLayout(spec.widths);
  if (layers.length !== layout.layers.length) {
    throw new RangeError(`restoreNetwork: ${layers.length} saved layers for a ${layout.layers.length}-layer network`);
  }
  const memory = KernelMemory.main();
  const allocate = (length: number): Float32Array => memory.f32(memory.alloc(4 * length), length);
  const params = allocate(layout.count);
  layout.layers.forEach((slots, i) => {
    const saved = layers[i];
    if (saved.outputs !== slots.outputs || saved.inputs !== slots.inputs || saved.weight.length !== slots.outputs * slots.inputs || saved.bias.length !== slots.outputs) {
      throw new RangeError(`restoreNetwork: saved layer ${i} is ${saved.outputs}×${saved.inputs}; the network needs ${slots.outputs}×${slots.inputs}`);
    }
    params.set(saved.weight, slots.weight);
    params.set(saved.bias, slots.bias);
  });
  return new Network(spec, params, EVALUATION_ROWS, 'float32', allocate);
}
