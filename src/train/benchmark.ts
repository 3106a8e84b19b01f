// Steady-state training throughput: one configuration, and the scaling table over thread counts and batch sizes.

import { availableParallelism, cpus } from 'node:os';
import type { TrainConfig } from './config.js';
import { train } from './trainer.js';

/** Samples one measured epoch should hold by default: enough steps for a stable mean at any batch size. */
export const STEADY_SAMPLES = 16384;

/** The fewest steps a default epoch has, however large the batch. */
export const MIN_STEPS = 8;

/**
 * Measured epochs of each run of a cell, after its warm-up epoch: their median is the run's figure.
 * At batch 128 here V8 was still optimising code into the second epoch; a median of three skips that.
 */
export const MEASURED_EPOCHS = 3;

/** Thread counts the default table tries, those above the core count left out. */
const DEFAULT_THREADS = [1, 2, 4, 8, 16] as const;

/** Steady-state figures of one configuration: medians over the measured epochs. */
export interface Throughput {
  /** Training samples per second of step time (evaluation excluded). */
  readonly samples_per_second: number;
  /** µs per step outside the slowest thread's shard computation: dispatch, waiting, reduction, optimiser. */
  readonly step_overhead_us: number;
  /** µs per step the slowest thread's shards took beyond the mean working thread's: the wait for a straggler. */
  readonly step_imbalance_us: number;
  /** Each measured epoch's samples per second, in order. */
  readonly samples_per_second_each: number[];
  /** Steps in each epoch (fewer than asked when the training set is smaller). */
  readonly steps: number;
  /** The rows of each step: the batch size, or the whole training set where that is smaller. */
  readonly batch_size: number;
  readonly threads: number;
  readonly shards: number;
  /** Layer widths, input first. */
  readonly layers: number[];
}

/** One cell of the scaling table. */
export interface ScalingRow {
  /** The rows of each step that ran: the batch size asked for, or the whole training set where that is smaller. */
  readonly batch_size: number;
  readonly threads: number;
  readonly shards: number;
  /** Steps of each measured epoch. */
  readonly steps: number;
  /** The median over the rounds of each run's median epoch. */
  readonly samples_per_second: number;
  /** The median over the rounds of samples/s ÷ one thread's samples/s at the same batch size in the same round. */
  readonly speedup: number;
  /** speedup / threads. */
  readonly efficiency: number;
  /** The median over the rounds. */
  readonly step_overhead_us: number;
  /** The median over the rounds. */
  readonly step_imbalance_us: number;
  /** Each round's samples/s (its run's median epoch), in order. */
  readonly samples_per_second_each: number[];
}

/** What the scaling table is measured over. */
export interface ScalingPlan {
  /** Thread counts; 1 is measured whether listed or not, as the baseline of the speed-up. */
  readonly threads: readonly number[];
  readonly batchSizes: readonly number[];
  /** Rounds: each runs every cell once (a warm-up epoch, then MEASURED_EPOCHS measured ones). */
  readonly repeat: number;
  /** Steps per epoch; undefined: `defaultSteps` of each batch size. */
  readonly steps: number | undefined;
}

/** The scaling table with the machine it was measured on. */
export interface ScalingResult {
  /** The first CPU's model name. */
  readonly cpu: string;
  /** Cores available to this process (os.availableParallelism). */
  readonly cores: number;
  /** The Node.js version, e.g. v20.20.2. */
  readonly node: string;
  readonly layers: number[];
  readonly repeat: number;
  readonly rows: ScalingRow[];
}

/** The default thread counts: 1, 2, 4, 8, 16 up to `cores`, then `cores` itself; ascending, distinct. */
export function defaultThreadCounts(cores: number): number[] {
  const counts = DEFAULT_THREADS.filter((t) => t <= cores);
  return distinctAscending([...counts, Math.max(1, cores)]);
}

/** Steps per epoch by default: STEADY_SAMPLES worth of batches, at least MIN_STEPS. */
export function defaultSteps(batchSize: number): number {
  return Math.max(MIN_STEPS, Math.ceil(STEADY_SAMPLES / batchSize));
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Trains `config` for one warm-up epoch and `repeat` measured epochs of `steps` steps each, in one
 * run, and returns the medians over the measured epochs. The warm-up epoch compiles the plans and
 * starts and warms the workers; every epoch reshuffles, so each measures fresh batches.
 * Aborting `signal` stops the run and rejects with the signal's reason (an AbortError).
 */
export async function measureThroughput(config: TrainConfig, steps: number, repeat: number, signal?: AbortSignal): Promise<Throughput> {
  const speeds: number[] = [];
  const overheads: number[] = [];
  const imbalances: number[] = [];
  let stepsPerEpoch = 0;
  const result = await train(
    { ...config, epochs: 1 + repeat },
    {
      stepsPerEpoch: steps,
      onEpoch: (p) => {
        stepsPerEpoch = p.stepsPerEpoch;
        if (p.epoch === 1) return;
        speeds.push(p.samples_per_second);
        overheads.push(p.step_overhead_us);
        imbalances.push(p.step_imbalance_us);
      },
      signal,
    },
  );
  if (result.interrupted) signal?.throwIfAborted();
  return {
    samples_per_second: median(speeds),
    step_overhead_us: median(overheads),
    step_imbalance_us: median(imbalances),
    samples_per_second_each: speeds,
    steps: stepsPerEpoch,
    batch_size: Math.min(config.batchSize, result.train_samples),
    threads: result.threads,
    shards: result.shards,
    layers: result.layers,
  };
}

/**
 * Measures every (batch size, thread count) cell of `plan` in `plan.repeat` rounds: each round runs
 * every cell once (batch sizes in the order given, thread counts ascending from 1), one training run
 * of a warm-up epoch and MEASURED_EPOCHS measured ones per cell. A cell's samples/s is the median over the rounds,
 * and its speed-up the median over the rounds of its samples/s ÷ one thread's in the same round, so a
 * machine whose speed drifts during the table (a noisy neighbour, a clock change) skews both alike.
 * Calls `onRow` as each cell's last round is done. Aborting `signal` rejects with its reason (an AbortError).
 */
export async function measureScaling(config: TrainConfig, plan: ScalingPlan, onRow?: (row: ScalingRow) => void, signal?: AbortSignal): Promise<ScalingResult> {
  const threads = distinctAscending([1, ...plan.threads]);
  const cells = plan.batchSizes.flatMap((batchSize) => threads.map((t) => ({ batchSize, threads: t, runs: [] as Throughput[] })));
  const rows: ScalingRow[] = [];
  let layers = config.model.layers;
  for (let round = 0; round < plan.repeat; round++) {
    for (const cell of cells) {
      const m = await measureThroughput({ ...config, batchSize: cell.batchSize, threads: cell.threads }, plan.steps ?? defaultSteps(cell.batchSize), MEASURED_EPOCHS, signal);
      cell.runs.push(m);
      layers = m.layers;
      if (round < plan.repeat - 1) continue;
      // One thread is always among the thread counts, and measured first in each batch size's row.
      const baseline = cells.find((c) => c.batchSize === cell.batchSize && c.threads === 1)!.runs;
      const speedup = median(cell.runs.map((run, r) => run.samples_per_second / baseline[r].samples_per_second));
      const row: ScalingRow = {
        batch_size: m.batch_size,
        threads: cell.threads,
        shards: m.shards,
        steps: m.steps,
        samples_per_second: median(cell.runs.map((run) => run.samples_per_second)),
        speedup,
        efficiency: speedup / cell.threads,
        step_overhead_us: median(cell.runs.map((run) => run.step_overhead_us)),
        step_imbalance_us: median(cell.runs.map((run) => run.step_imbalance_us)),
        samples_per_second_each: cell.runs.map((run) => run.samples_per_second),
      };
      rows.push(row);
      onRow?.(row);
    }
  }
  return { cpu: cpus()[0]?.model.trim() ?? 'unknown CPU', cores: availableParallelism(), node: process.version, layers, repeat: plan.repeat, rows };
}

function distinctAscending(values: readonly number[]): number[] {
  return [...new Set(values)].sort((x, y) => x - y);
}
