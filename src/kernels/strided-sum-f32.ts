// A sum over one axis of a float32 array bound to fixed buffers: the einsum sum step's loop as one wasm call.

import type { BoundKernel } from './bound-kernel.js';
import { KernelMemory } from './kernel-memory.js';
import { spanEnd, spanStart } from './span.js';

/**
 * Binds c[o·strideC] = (accumulate ? c[o·strideC] : 0) + Σ_{r < inner} a[o·strideOuter + r·strideInner]
 * for o < outer, when a and c both live in the current KernelMemory; undefined otherwise. The kernel sums
 * in float64 in r order, as src/einsum/kernels/strided-sum.ts does: the same bits either way.
 */
export function bindStridedSumF32(
  outer: number, inner: number,
  a: Float32Array, strideOuter: number, strideInner: number,
  c: Float32Array, strideC: number,
): BoundKernel | undefined {
  const context = KernelMemory.current();
  if (!context.owns(a) || !context.owns(c)) return undefined;
  if (outer === 0) return () => {};
  const aFits = inner === 0 || (spanStart(0, outer, inner, strideOuter, strideInner) >= 0 && spanEnd(0, outer, inner, strideOuter, strideInner) < a.length);
  if (!aFits || strideC < 0 || (outer - 1) * strideC >= c.length) {
    throw new RangeError(`strided sum: ${outer}×${inner} with strides ${strideOuter}, ${strideInner} → ${strideC} does not fit arrays of ${a.length} and ${c.length}`);
  }
  const { kernels } = context;
  const pa = a.byteOffset;
  const pc = c.byteOffset;
  return (accumulate) => kernels.strided_sum_f32(outer, inner, pa, strideOuter, strideInner, pc, strideC, accumulate ? 1 : 0);
}
