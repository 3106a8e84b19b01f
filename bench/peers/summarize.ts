// From every run's result to one row per contender: median throughput, spread, accuracy of the full runs.

import { median } from '../../src/train/benchmark.js';
import { type ContenderName, type ContenderResult, CONTENDER_NAMES } from './contender-result.js';

/** One contender over all its runs. */
export interface ContenderSummary {
  readonly contender: ContenderName;
  readonly library: string;
  readonly threads: number;
  readonly runs: number;
  readonly medianSamplesPerSecond: number;
  readonly minSamplesPerSecond: number;
  readonly maxSamplesPerSecond: number;
  /** Test accuracies of the runs that trained every epoch. */
  readonly accuracies: readonly number[];
  /** Steps timed by each run that stopped early (empty when every run was full). */
  readonly partialSteps: readonly number[];
  /** Every distinct note of its runs, in first-seen order. */
  readonly notes: readonly string[];
}

/** One summary per contender that has results, in the rounds' order. */
export function summarize(results: readonly ContenderResult[]): ContenderSummary[] {
  const summaries: ContenderSummary[] = [];
  for (const contender of CONTENDER_NAMES) {
    const runs = results.filter((r) => r.contender === contender);
    if (runs.length === 0) continue;
    const speeds = runs.map((r) => r.samplesPerSecond);
    summaries.push({
      contender,
      library: runs[0].library,
      threads: runs[0].threads,
      runs: runs.length,
      medianSamplesPerSecond: median(speeds),
      minSamplesPerSecond: Math.min(...speeds),
      maxSamplesPerSecond: Math.max(...speeds),
      accuracies: runs.flatMap((r) => (r.complete && r.testAccuracy !== null ? [r.testAccuracy] : [])),
      partialSteps: runs.filter((r) => !r.complete).map((r) => r.steps),
      notes: [...new Set(runs.flatMap((r) => r.notes))],
    });
  }
  return summaries;
}

/** einprop on all threads against einprop on one: the ratio of each round's pair of runs. */
export interface ThreadSpeedup {
  /** The median over the rounds of einprop-all's samples/s ÷ einprop-1's in the same round. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly rounds: number;
  /** Each round's ratio, in round order. */
  readonly ratios: readonly number[];
}

/**
 * The speed-up of einprop-all over einprop-1, pairing the k-th run of each (they run side by side in
 * round k), so a machine that drifts between rounds touches both sides of each ratio alike; null
 * when either side has no run.
 */
export function threadSpeedup(results: readonly ContenderResult[]): ThreadSpeedup | null {
  const one = results.filter((r) => r.contender === 'einprop-1');
  const all = results.filter((r) => r.contender === 'einprop-all');
  const rounds = Math.min(one.length, all.length);
  if (rounds === 0) return null;
  const ratios = Array.from({ length: rounds }, (_, k) => all[k].samplesPerSecond / one[k].samplesPerSecond);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), rounds, ratios };
}
