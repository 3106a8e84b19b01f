// A trained network rebuilt from saved layers: float32 over kernel memory, EVALUATION_ROWS rows at a time.

import { KernelMemory } from '../kernels/kernel-memory.js';
import { EVALUATION_ROWS } from '../parallel/index.js';
import { type Allocator, Network, type NetworkSpec } from '../nn/network.js';
import { parameterLayout } from '../nn/parameters.js';
import { writeLayers } from './saved-layers.js';
import type { LayerState } from './state.js';

export { EVALUATION_ROWS };

/**
 * A float32 network holding `layers` (as a checkpoint or a TrainingState keeps them), ready for `predictClasses`:
 * its buffers from `allocate`, by default kernel memory (held for the process's life), or plain arrays the garbage collector frees.
 */
export function restoreNetwork(spec: NetworkSpec, layers: readonly LayerState[], allocate: Allocator = kernelAllocator()): Network {
  const layout = parameterLayout(spec.widths);
  const params = allocate(layout.count);
  writeLayers(layers, layout, params, 'the saved model');
  return new Network(spec, params, EVALUATION_ROWS, 'float32', allocate);
}

/** Float32 arrays in the main thread's kernel memory: the kernels read them in place. */
function kernelAllocator(): Allocator {
  const memory = KernelMemory.main();
  return (length) => memory.allocF32(length);
}
