// Running totals of a stretch of training steps: loss, accuracy, throughput, per-step overhead.

import type { ShardSeconds } from '../parallel/index.js';

/** Accumulates steps; read it for the means over everything added since it was made. */
export class Meter {
  samples = 0;
  steps = 0;
  lossSum = 0;
  correct = 0;
  /** Seconds spent in steps, wall clock. */
  stepSeconds = 0;
  /** Seconds of those on the critical path of shard computation. */
  computeSeconds = 0;
  /** Seconds a working thread spent on shards, on the mean over a step's working threads. */
  meanComputeSeconds = 0;
  /** Seconds each thread spent on shards, by slot. */
  readonly threadSeconds: number[] = [];
  /** Threads' own claims that another thread ran (see ShardSeconds.moved). */
  movedClaims = 0;

  /** Adds one step of `rows` samples whose shards took `compute` seconds. */
  add(rows: number, lossSum: number, correct: number, stepSeconds: number, compute: ShardSeconds): void {
    this.samples += rows;
    this.steps++;
    this.lossSum += lossSum;
    this.correct += correct;
    this.stepSeconds += stepSeconds;
    this.computeSeconds += compute.critical;
    this.meanComputeSeconds += compute.mean;
    for (let slot = 0; slot < compute.bySlot.length; slot++) this.threadSeconds[slot] = (this.threadSeconds[slot] ?? 0) + compute.bySlot[slot];
    this.movedClaims += compute.moved;
  }

  /** Mean loss per sample (NaN before any step). */
  get loss(): number {
    return this.lossSum / this.samples;
  }

  /** Share of samples classified right (NaN before any step). */
  get accuracy(): number {
    return this.correct / this.samples;
  }

  /** Training samples per second of step time. */
  get samplesPerSecond(): number {
    return this.stepSeconds > 0 ? this.samples / this.stepSeconds : 0;
  }

  /**
   * Mean microseconds per step not on the critical path of shard computation: dispatch,
   * waiting, the reduction, the finiteness check and the optimiser step.
   */
  get overheadMicros(): number {
    return this.steps > 0 ? (1e6 * (this.stepSeconds - this.computeSeconds)) / this.steps : 0;
  }

  /**
   * Mean microseconds per step by which the slowest thread's shards outlasted the mean working
   * thread's: time the others spent waiting at the step's barrier for a straggler (0 on one thread).
   */
  get imbalanceMicros(): number {
    return this.steps > 0 ? (1e6 * (this.computeSeconds - this.meanComputeSeconds)) / this.steps : 0;
  }

  /** Mean µs per step each thread spent on shards, by slot: a thread on a slower or busier core shows here. */
  get threadMicros(): number[] {
    return this.threadSeconds.map((seconds) => (this.steps > 0 ? (1e6 * seconds) / this.steps : 0));
  }

  /** Mean per step of the threads' own claims that another thread ran: how much the work queue moved. */
  get movedPerStep(): number {
    return this.steps > 0 ? this.movedClaims / this.steps : 0;
  }
}
