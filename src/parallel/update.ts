// The second phase of a step, for one range of parameters: finish the sum of the shards' gradients, check it, update.

import { bindAllFinite } from '../kernels/all-finite.js';
import type { BoundStep } from '../kernels/bound-kernel.js';
import { KernelMemory } from '../kernels/kernel-memory.js';
import type { Optimizer } from '../optim/optimizer.js';
import { type LayoutViews, REGION_ALIGN } from './layout.js';
import type { TreeAdd } from './reduce.js';

/** The regions the update reads and writes. */
export type UpdateViews = Pick<LayoutViews, 'params' | 'shardGrads'>;

/** A range of the flat parameter buffer: [begin, end). */
export interface ParameterRange {
  readonly begin: number;
  readonly end: number;
}

/**
 * Cuts `count` parameters into at most `parts` ranges whose bounds fall on REGION_ALIGN bytes,
 * so two threads updating neighbouring ranges never write one cache line.
 */
export function parameterRanges(count: number, parts: number): ParameterRange[] {
  const unit = REGION_ALIGN / 4;
  const units = Math.ceil(count / unit);
  const n = Math.max(1, Math.min(parts, units));
  const ranges: ParameterRange[] = [];
  for (let p = 0; p < n; p++) {
    const begin = Math.min(count, Math.floor((p * units) / n) * unit);
    const end = Math.min(count, Math.floor(((p + 1) * units) / n) * unit);
    if (end > begin) ranges.push({ begin, end });
  }
  return ranges;
}

/** The update's items for `threads` threads: one chunk of the parameters each (more cost two threads up to 12% at batch 128). */
export function updateChunks(count: number, threads: number): ParameterRange[] {
  return parameterRanges(count, threads);
}

/** A chunk of phase two for one shard count, bound to the kernels: its range's share of the reduction, then the check of the sum. */
export interface BoundRangeUpdate {
  readonly range: ParameterRange;
  /** The shared additions of the tree (see splitTree) over the range, in order. */
  readonly reduce: readonly BoundStep[];
  /** True when the range's sum holds no NaN or ±Inf. */
  readonly finite: () => boolean;
}

/** Binds `adds` (additions of treeAdds's tree, in its order) over [begin, end) of the gradient regions. */
export function bindAdds(grads: readonly Float32Array[], adds: readonly TreeAdd[], begin: number, end: number): BoundStep[] {
  const context = KernelMemory.current();
  return adds.map(({ dst, src }) => context.bindAddInto(grads[dst], grads[src], begin, end));
}

/** Binds the shared additions `adds` over `range`, which leave the sum in region 0, and the check of that sum. */
export function bindRangeUpdate(grads: readonly Float32Array[], adds: readonly TreeAdd[], range: ParameterRange): BoundRangeUpdate {
  return { range, reduce: bindAdds(grads, adds, range.begin, range.end), finite: bindAllFinite(grads[0].subarray(range.begin, range.end)) };
}

/**
 * Runs `bound` (the rest of the reduction of a step's shard gradients into region 0, over its
 * range) and, if every summed value is finite, applies step `t` of the optimiser to that range.
 * Returns false, leaving the parameters of the range untouched, when a value is NaN or ±Inf.
 */
export function updateRange(views: UpdateViews, optimizer: Optimizer, bound: BoundRangeUpdate, lr: number, t: number): boolean {
  for (const add of bound.reduce) add();
  if (!bound.finite()) return false;
  optimizer.updateRange(views.params, views.shardGrads[0], lr, t, bound.range.begin, bound.range.end);
  return true;
}
