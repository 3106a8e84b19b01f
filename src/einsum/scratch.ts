// Scratch buffers for compiled plans: float32 ones live in kernel memory, so GEMMs on intermediates copy nothing.

import { KernelMemory } from '../kernels/kernel-memory.js';
import { type DType, type Storage, allocate } from '../tensor/dtype.js';

/**
 * A buffer of `length` elements for a plan's intermediates, allocated once at compile time: float32 from this
 * thread's kernel memory arena (never released: the plan cache keeps such plans for the life of the process),
 * float64 as a plain array.
 */
export function allocateScratch(dtype: DType, length: number): Storage {
  if (dtype === 'float64' || length === 0) return allocate(dtype, length);
  const memory = KernelMemory.current();
  return memory.f32(memory.alloc(length * 4), length);
}
