// The choice between a wasm kernel and its TypeScript loop: the kernel only when every buffer lies in kernel memory.

import { KernelMemory } from './kernel-memory.js';
import type { WasmKernels } from './wasm-kernels.js';

/**
 * This thread's kernels when every given view lies in its kernel memory, else undefined (the caller
 * then runs its TypeScript loop). Views over an ordinary ArrayBuffer never load the kernel module.
 */
export function kernelsOwning(
  a: ArrayBufferView,
  b: ArrayBufferView = a,
  c: ArrayBufferView = a,
  d: ArrayBufferView = a,
): WasmKernels | undefined {
  if (!isShared(a) || !isShared(b) || !isShared(c) || !isShared(d)) return undefined;
  const memory = KernelMemory.current();
  return memory.owns(a) && memory.owns(b) && memory.owns(c) && memory.owns(d) ? memory.kernels : undefined;
}

/** Kernel memory is a shared WebAssembly.Memory, so its views are over a SharedArrayBuffer. */
function isShared(view: ArrayBufferView): boolean {
  return view.buffer instanceof SharedArrayBuffer;
}
