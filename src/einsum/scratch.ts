// Scratch buffers for compiled plans: float32 ones live in kernel memory, so GEMMs on intermediates copy nothing.

import { KernelMemory } from '../kernels/kernel-memory.js';
import { type DType, type Storage, allocate } from '../tensor/dtype.js';

/**
 * Where a plan keeps its intermediates. `kernel` (the default): float32 scratch in this thread's kernel
 * memory arena, where GEMMs read and write it in place; the arena never gives it back, so the plan
 * cache keeps such plans for the life of the process. `plain`: ordinary arrays, freed with the plan
 * (GEMMs copy them in and out of kernel memory, as they do any operand outside it): for one-shot
 * calls over shapes that may never come again.
 */
export type ScratchPlace = 'kernel' | 'plain';

/** A buffer of `length` elements for a plan's intermediates, allocated once at compile time, where `place` says (float64 always plain). */
export function allocateScratch(dtype: DType, length: number, place: ScratchPlace): Storage {
  if (dtype === 'float64' || length === 0 || place === 'plain') return allocate(dtype, length);
  const memory = KernelMemory.current();
  return memory.f32(memory.alloc(length * 4), length);
}
