// The second phase of a step, for one range of parameters: sum the claims' gradient sums, check the total, update.

import { bindAllFinite } from '../kernels/all-finite.js';
import type { BoundStep } from '../kernels/bound-kernel.js';
import { KernelMemory } from '../kernels/kernel-memory.js';
import type { OptimizerConfig } from '../optim/optimizer-config.js';
import type { BindRange, RangeUpdate } from '../optim/update-rule.js';
import { bindOptimizerUpdate } from '../optim/update-rules.js';
import { type LayoutViews, REGION_ALIGN } from './layout.js';
import type { TreeAdd } from './reduce.js';

/** The regions the update reads and writes. */
export type UpdateViews = Pick<LayoutViews, 'params' | 'claimSums' | 'optimizer'>;

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

/** The update's items for `threads` threads: one chunk of the parameters each (finer chunks cost more than they balance). */
export function updateChunks(count: number, threads: number): ParameterRange[] {
  return parameterRanges(count, threads);
}

/**
 * The optimiser's update over the shared parameters, the total of the claims' sums (claimSums[0]) and
 * the shared state, for any thread to bind its chunks of: no thread holds an optimiser of its own; the step number comes with each call.
 */
export function bindSharedUpdate(optim: OptimizerConfig, views: UpdateViews): BindRange {
  return bindOptimizerUpdate(optim, { params: views.params, grads: views.claimSums[0], state: views.optimizer });
}

/** A chunk of phase two, bound to the kernels: its range's share of the sum of the claims' sums, the check of that sum, the optimiser's update. */
export interface BoundRangeUpdate {
  readonly range: ParameterRange;
  /** The tree's additions across the claims' sums over the range, in order. */
  readonly reduce: readonly BoundStep[];
  /** True when the range's sum holds no NaN or ±Inf. */
  readonly finite: () => boolean;
  /** The optimiser's update of the range from the total in sums[0]. */
  readonly apply: RangeUpdate;
}

/** Binds the additions `adds` over `range` of `sums`, which leave the total in sums[0], the check of that total, and `update` of the range. */
export function bindRangeUpdate(sums: readonly Float32Array[], adds: readonly TreeAdd[], range: ParameterRange, update: BindRange): BoundRangeUpdate {
  const memory = KernelMemory.current();
  const reduce = adds.map(({ dst, src }) => memory.bindAddInto(sums[dst], sums[src], range.begin, range.end));
  return { range, reduce, finite: bindAllFinite(sums[0].subarray(range.begin, range.end)), apply: update(range.begin, range.end) };
}

/**
 * Sums the claims' sums over `bound`'s range into the first and, if every value is finite, applies
 * step `t` of the optimiser to that range; returns false, leaving the range untouched, otherwise.
 */
export function updateRange(bound: BoundRangeUpdate, lr: number, t: number): boolean {
  for (const add of bound.reduce) add();
  if (!bound.finite()) return false;
  bound.apply(lr, t);
  return true;
}
