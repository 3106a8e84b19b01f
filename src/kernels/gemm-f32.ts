// Float32 GEMM through the WebAssembly kernel: zero-copy over kernel memory, else via arena copies.

import type { BoundKernel } from './bound-kernel.js';
import { KernelMemory } from './kernel-memory.js';
import { spanEnd, spanStart } from './span.js';

/**
 * C = (accumulate ? C : 0) + A·B in float32 on the current KernelMemory's kernels (same element
 * addressing as gemm). Operands outside kernel memory are copied into the arena, and C back.
 */
export function gemmF32(
  m: number, n: number, k: number,
  a: Float32Array, offA: number, rsA: number, csA: number,
  b: Float32Array, offB: number, rsB: number, csB: number,
  c: Float32Array, offC: number, rsC: number, accumulate: boolean,
): void {
  if (m === 0 || n === 0) return;
  const context = KernelMemory.current();
  const mark = context.mark();
  try {
    const pa = place(context, a, offA, m, k, rsA, csA, true);
    const pb = place(context, b, offB, k, n, rsB, csB, true);
    // Not accumulating, the kernel zeroes C before it adds: a gapless C's old values need not come in.
    // Rows with gaps between them come in, so that copying the span back leaves the gaps as they were.
    const pc = place(context, c, offC, m, n, rsC, 1, accumulate || (m > 1 && rsC !== n));
    const scratch = context.alloc(context.kernels.gemm_f32_scratch(m, n, k));
    context.kernels.gemm_f32(m, n, k, pa, rsA, csA, pb, rsB, csB, pc, rsC, accumulate ? 1 : 0, scratch);
    if (!context.owns(c)) {
      const lo = spanStart(offC, m, n, rsC, 1);
      const hi = spanEnd(offC, m, n, rsC, 1);
      c.set(context.f32(pc - (offC - lo) * 4, hi - lo + 1), lo);
    }
  } finally {
    context.release(mark);
  }
}

/**
 * Binds C = A·B over operands that all live in the current KernelMemory (same addressing as
 * gemmF32, spans already checked by the caller): the sizes, byte offsets and scratch size are
 * worked out here once, so a run is one kernel call, its packing scratch above the arena's top.
 * Returns undefined when an operand lives elsewhere (gemmF32 copies those, run by run).
 */
export function bindGemmF32(
  m: number, n: number, k: number,
  a: Float32Array, offA: number, rsA: number, csA: number,
  b: Float32Array, offB: number, rsB: number, csB: number,
  c: Float32Array, offC: number, rsC: number,
): BoundKernel | undefined {
  const context = KernelMemory.current();
  if (!context.owns(a) || !context.owns(b) || !context.owns(c)) return undefined;
  if (m === 0 || n === 0) return () => {};
  const { kernels } = context;
  const pa = a.byteOffset + offA * 4;
  const pb = b.byteOffset + offB * 4;
  const pc = c.byteOffset + offC * 4;
  const scratchBytes = kernels.gemm_f32_scratch(m, n, k);
  const boundGemm: BoundKernel = (accumulate) => {
    kernels.gemm_f32(m, n, k, pa, rsA, csA, pb, rsB, csB, pc, rsC, accumulate ? 1 : 0, context.transient(scratchBytes));
  };
  return boundGemm;
}

/**
 * The byte offset of element (0,0) in kernel memory: the operand's own, or that of room in the arena
 * for its span when it lives elsewhere, with the span copied in when `copyIn` says its values are read.
 */
function place(context: KernelMemory, view: Float32Array, offset: number, rows: number, cols: number, rs: number, cs: number, copyIn: boolean): number {
  if (context.owns(view)) return view.byteOffset + offset * 4;
  if (rows === 0 || cols === 0) return 0;
  const lo = spanStart(offset, rows, cols, rs, cs);
  const hi = spanEnd(offset, rows, cols, rs, cs);
  const copy = context.alloc((hi - lo + 1) * 4);
  if (copyIn) context.f32(copy, hi - lo + 1).set(view.subarray(lo, hi + 1));
  return copy + (offset - lo) * 4;
}
