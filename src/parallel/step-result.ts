// What phase one of a step reports: its shards' losses and hits, and the threads' times, read from the stats words in shard and slot order.

import { ClaimStat, type LayoutViews, ShardStat, WorkerStat } from './layout.js';
import type { StepPlan } from './step-plan.js';

/** Seconds the threads spent computing a step's shards (their claims and first-layer tiles). */
export interface ShardSeconds {
  /** The step's critical path: the most any one thread spent. */
  readonly critical: number;
  /** The mean over the threads that ran claims or tiles; critical − mean is about what the others waited for the slowest. */
  readonly mean: number;
  /** Seconds each slot spent on claims and tiles this step (the caller's array, rewritten each step). */
  readonly bySlot: Float64Array;
  /** Threads' own claims (claim k of slot k) that another thread ran this step: the queue's rebalancing. */
  readonly moved: number;
}

/** The shards' loss and hits, summed in shard order (so the same whatever the threads), and the threads' times. */
export interface StepResult {
  readonly lossSum: number;
  readonly correct: number;
  readonly seconds: ShardSeconds;
}

/** Reads a finished shards phase of `plan`'s; `bySlot` and `worked` (one entry per thread) are rewritten. */
export function readStepResult(views: Pick<LayoutViews, 'shardStats' | 'claimStats' | 'workerStats'>, plan: StepPlan, bySlot: Float64Array, worked: Uint8Array): StepResult {
  const { shardStats, claimStats, workerStats } = views;
  let lossSum = 0;
  let correct = 0;
  for (let s = 0; s < plan.shards.length; s++) {
    lossSum += shardStats[ShardStat.count * s + ShardStat.lossSum];
    correct += shardStats[ShardStat.count * s + ShardStat.correct];
  }
  const threads = bySlot.length;
  bySlot.fill(0);
  worked.fill(0);
  let moved = 0;
  for (let k = 0; k < plan.claims.length; k++) {
    const slot = claimStats[ClaimStat.count * k + ClaimStat.slot];
    bySlot[slot] += claimStats[ClaimStat.count * k + ClaimStat.seconds];
    worked[slot] = 1;
    if (k < threads && slot !== k) moved++;
  }
  for (let slot = 0; slot < threads; slot++) {
    const tiles = workerStats[WorkerStat.count * slot + WorkerStat.tileSeconds];
    bySlot[slot] += tiles;
    if (tiles > 0) worked[slot] = 1;
  }
  let critical = 0;
  let sum = 0;
  let working = 0;
  for (let slot = 0; slot < threads; slot++) {
    if (worked[slot] === 0) continue;
    critical = Math.max(critical, bySlot[slot]);
    sum += bySlot[slot];
    working++;
  }
  // The mean can round one ulp above the largest of equal times.
  return { lossSum, correct, seconds: { critical, mean: Math.min(critical, sum / working), bySlot, moved } };
}
