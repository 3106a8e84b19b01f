// The steps a compiled plan runs: each names its kernel, its buffers by slot, and every size and stride it needs.

/** A buffer of the plan by number: operands first, then the output, then scratch (see Plan). */
export type Slot = number;

/** What every step has: its buffers, the sub-contraction it performs (for `explain`), and whether it writes the output. */
interface StepBase {
  /** The step's own contraction in numpy form, over the index letters of the spec, e.g. `ij,jk->ik`. */
  readonly spec: string;
  /** The slot written. */
  readonly c: Slot;
  /** True when the step writes the plan's output: only then does run()'s `accumulate` apply. */
  readonly intoOutput: boolean;
}

/**
 * One operand's strided sum: c[kept] = Σ over the summed axes of a.
 * Serves permuting copies, transposes, diagonals (already folded into strides), traces and sums.
 */
export interface SumStep extends StepBase {
  readonly kind: 'sum';
  /** Why the step is there: to reduce indices no one else needs, to permute into a GEMM-ready layout, or as the whole spec. */
  readonly purpose: 'reduce' | 'permute' | 'single';
  readonly a: Slot;
  /** Axis sizes: the kept axes (row-major over c) first, then the summed axes. */
  readonly sizes: Int32Array;
  readonly stridesA: Int32Array;
  /** c's strides of the kept axes. */
  readonly stridesC: Int32Array;
  readonly keptRank: number;
  /** Scratch for the loop's multi-index. */
  readonly counter: Int32Array;
}

/** A Hadamard or outer product, or a mix of them: c[all] = a[...]·b[...] with no index summed. */
export interface BroadcastStep extends StepBase {
  readonly kind: 'broadcast';
  readonly a: Slot;
  readonly b: Slot;
  /** c's axis sizes; a and b have stride 0 along the axes they lack. */
  readonly sizes: Int32Array;
  readonly stridesA: Int32Array;
  readonly stridesB: Int32Array;
  readonly stridesC: Int32Array;
  readonly counter: Int32Array;
}

/** A GEMM per batch multi-index: C = A·B with A m×k and B k×n given by row and column strides, C row-major with row stride rsC. */
export interface GemmStep extends StepBase {
  readonly kind: 'gemm';
  readonly a: Slot;
  readonly b: Slot;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly rsA: number;
  readonly csA: number;
  readonly rsB: number;
  readonly csB: number;
  readonly rsC: number;
  /** The batch axes' sizes and strides in a, b and c; empty for a single GEMM. */
  readonly batchSizes: Int32Array;
  readonly batchStridesA: Int32Array;
  readonly batchStridesB: Int32Array;
  readonly batchStridesC: Int32Array;
  readonly counter: Int32Array;
}

/** The general pairwise fallback: c[kept] = Σ over the summed axes of a[...]·b[...]. */
export interface StridedStep extends StepBase {
  readonly kind: 'strided';
  readonly a: Slot;
  readonly b: Slot;
  /** Axis sizes: c's axes first, then the summed axes. */
  readonly sizes: Int32Array;
  readonly stridesA: Int32Array;
  readonly stridesB: Int32Array;
  readonly stridesC: Int32Array;
  readonly keptRank: number;
  readonly counter: Int32Array;
}

/** One step of a compiled plan. */
export type Step = SumStep | BroadcastStep | GemmStep | StridedStep;
