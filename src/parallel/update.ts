// The second phase of a step, for one range of parameters: sum the shards' gradients, check them, update.

import { bindAllFinite } from '../kernels/all-finite.js';
import type { BoundStep } from '../kernels/bound-kernel.js';
import { KernelMemory } from '../kernels/kernel-memory.js';
import type { Optimizer } from '../optim/optimizer.js';
import { REGION_ALIGN } from './layout.js';
import type { LayoutViews } from './layout.js';
import { reduceShards } from './reduce.js';

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

/** A thread's part of phase two for one shard count, bound to the kernels: its range's reduction, then the check of the sum. */
export interface BoundRangeUpdate {
  readonly range: ParameterRange;
  /** The fixed-order tree's additions over the range, in order. */
  readonly reduce: readonly BoundStep[];
  /** True when the range's sum holds no NaN or ±Inf. */
  readonly finite: () => boolean;
}

/** Binds the reduction of the first `shards` gradient regions over `range` into region 0 (reduceShards's order) and its check. */
export function bindRangeUpdate(grads: readonly Float32Array[], shards: number, range: ParameterRange): BoundRangeUpdate {
  const context = KernelMemory.current();
  const reduce: BoundStep[] = [];
  const sum = reduceShards(grads, shards, range.begin, range.end, (dst, src, begin, end) => {
    reduce.push(context.bindAddInto(dst, src, begin, end));
  });
  return { range, reduce, finite: bindAllFinite(sum.subarray(range.begin, range.end)) };
}

/**
 * Runs `bound` (the reduction of a step's shard gradients over its range into region 0) and, if
 * every summed value is finite, applies step `t` of the optimiser to that range.
 * Returns false, leaving the parameters of the range untouched, when a value is NaN or ±Inf.
 */
export function updateRange(views: LayoutViews, optimizer: Optimizer, bound: BoundRangeUpdate, lr: number, t: number): boolean {
  for (const add of bound.reduce) add();
  if (!bound.finite()) return false;
  optimizer.updateRange(views.params, views.shardGrads[0], lr, t, bound.range.begin, bound.range.end);
  return true;
}
