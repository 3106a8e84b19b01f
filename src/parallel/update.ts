// The second phase of a step, for one range of parameters: sum the shards' gradients, check them, update.

import { allFinite } from '../kernels/all-finite.js';
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

/**
 * Reduces the first `shards` gradient regions over `range` into region 0 (fixed pairwise order),
 * and, if every summed value is finite, applies step `t` of the optimiser to that range.
 * Returns false, leaving the parameters of the range untouched, when a value is NaN or ±Inf.
 */
export function updateRange(views: LayoutViews, optimizer: Optimizer, shards: number, lr: number, t: number, range: ParameterRange): boolean {
  const { begin, end } = range;
  const grad = reduceShards(views.shardGrads, shards, begin, end, addInto);
  if (!allFinite(grad.subarray(begin, end))) return false;
  optimizer.updateRange(views.params, grad, lr, t, begin, end);
  return true;
}

function addInto(dst: Float32Array, src: Float32Array, begin: number, end: number): void {
  KernelMemory.current().addInto(dst, src, begin, end);
}
