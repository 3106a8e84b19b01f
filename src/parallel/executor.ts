// Runs the phases of training — a step's shards, then its update by parameter range; the evaluation — on this thread and a piscina pool.

import { Piscina } from 'piscina';
import type { KernelMemory } from '../kernels/kernel-memory.js';
import type { NetworkSpec } from '../nn/network.js';
import type { Optimizer } from '../optim/optimizer.js';
import { workerPath } from '../paths.js';
import type { OptimizerConfig } from '../train/config.js';
import { Control, ControlReal, FaultKind, type LayoutViews, Phase, type SharedLayout, WorkerStat } from './layout.js';
import { awaitWorkers, startPhase } from './phase-signal.js';
import type { Fault, StepTask, WorkerInit } from './protocol.js';
import { Seat } from './seat.js';
import { claimCount, claimGroups, numberedShards } from './shards.js';
import { parameterRanges } from './update.js';

/** Seconds the threads spent computing a step's shards. */
export interface ShardSeconds {
  /** The step's critical path: the most any one thread spent. */
  readonly critical: number;
  /** The mean over the threads that had shards; critical − mean is what the others waited for the slowest. */
  readonly mean: number;
}

/** A thread failed: the message names the shards or parameters it was working on, and the cause. */
export class ShardFailure extends Error {
  constructor(what: string, cause: unknown) {
    super(`${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ShardFailure';
  }
}

/**
 * Runs a step's two phases, and the evaluation, on `threads` threads: this one, in slot 0, and
 * threads − 1 piscina workers in slots 1 and up (with one thread, no pool: the same code path,
 * inline). Piscina starts the workers, carries the shared memory to each once and reports their
 * deaths; each worker then runs one long task that serves phases signalled through Atomics on the
 * control words. Measured here: two piscina.run round trips per step cost ~64 µs each, and a worker
 * asleep through a phase took up to ~1.3 ms to wake, against 8 µs for one that polls; the
 * coordinator computes its own slot instead of sleeping, so no thread waits idle for long.
 */
export class Executor {
  private closed = false;
  private failure: unknown = undefined;
  private readonly serving: Promise<void>[];
  private readonly seat: Seat;

  private constructor(
    private readonly layout: SharedLayout,
    private readonly views: LayoutViews,
    private readonly pool: Piscina<undefined, void> | undefined,
    seat: Seat,
  ) {
    this.seat = seat;
    const fail = (error: unknown): void => {
      this.failure ??= error;
    };
    pool?.on('error', fail);
    this.serving = Array.from({ length: layout.threads - 1 }, () => (pool === undefined ? Promise.resolve() : pool.run(undefined).catch(fail)));
  }

  /** Starts the pool (threads − 1 workers, each instantiating the kernels on `memory`) and seats this thread in slot 0. */
  static start(layout: SharedLayout, views: LayoutViews, spec: NetworkSpec, optim: OptimizerConfig, optimizer: Optimizer, memory: KernelMemory): Executor {
    const seat = new Seat(layout, views, 0, spec, optimizer, (length) => memory.f32(memory.alloc(4 * length), length));
    // The regions may hold an earlier run's words. Workers count phases from generation 0 and take slots from 1 (see workers/shard-worker.ts).
    views.control.fill(0);
    views.workerStats.fill(0);
    // No claim is running yet; each slot sets its word while it runs one (see Seat).
    for (let slot = 0; slot < layout.threads; slot++) views.workerStats[WorkerStat.count * slot + WorkerStat.claim] = -1;
    Atomics.store(views.control, Control.nextWorkerSlot, 1);
    if (layout.threads === 1) return new Executor(layout, views, undefined, seat);
    const workerData: WorkerInit = { memory: memory.memory, module: memory.module, layout, spec, optim };
    const workers = layout.threads - 1;
    const pool = new Piscina<undefined, void>({ filename: workerPath, minThreads: workers, maxThreads: workers, idleTimeout: Number.POSITIVE_INFINITY, workerData });
    return new Executor(layout, views, pool, seat);
  }

  /**
   * Resolves once every worker has started and every thread has planned and bound every claim of a
   * minibatch of `batchRows` samples cut into `shards` (the run's full batches), zeroed the memory
   * its share of the claims writes, and bound its range update: call it before timing steps. `fault` is the test hook (see Fault).
   */
  async ready(batchRows: number, shards: number, fault?: Fault): Promise<void> {
    const { control } = this.views;
    control[Control.batchRows] = batchRows;
    control[Control.shards] = shards;
    this.armFault(fault, Phase.ready);
    await this.phase(Phase.ready, (slot) => (slot === 0 ? 'the main thread planning its shards' : `worker ${slot} starting`));
  }

  /** Threads running each step, this one included. */
  get threads(): number {
    return this.layout.threads;
  }

  /**
   * Phase one: every shard of the step writes its gradient and loss. Resolves with the seconds the
   * threads spent on shards (see ShardSeconds); rejects with a ShardFailure.
   */
  async runShards(step: StepTask): Promise<ShardSeconds> {
    const { control, workerStats } = this.views;
    control[Control.batchStart] = step.batchStart;
    control[Control.batchRows] = step.batchRows;
    control[Control.shards] = step.shards;
    Atomics.store(control, Control.claimed, 0);
    this.armFault(step.fault, Phase.shards);
    await this.phase(Phase.shards, (slot) => {
      const claims = claimGroups(numberedShards(step.batchRows, step.shards), this.layout.claimSize);
      const claim = claims[workerStats[WorkerStat.count * slot + WorkerStat.claim]];
      if (claim === undefined) return `${slot === 0 ? 'the main thread' : `worker ${slot}`} waiting for shards`;
      return `${slot === 0 ? 'the main thread' : 'worker'} running shard${claim.length === 1 ? '' : 's'} ${claim.map((s) => s.shard).join(', ')}`;
    });
    // Slots 0 … working − 1 had a claim of their own (see Seat); the others had none.
    const working = Math.min(this.threads, claimCount(step.shards, this.layout.claimSize));
    let critical = 0;
    let sum = 0;
    for (let slot = 0; slot < working; slot++) {
      const seconds = workerStats[WorkerStat.count * slot + WorkerStat.seconds];
      critical = Math.max(critical, seconds);
      sum += seconds;
    }
    // The mean can round one ulp above the largest of equal times.
    return { critical, mean: Math.min(critical, sum / working) };
  }

  /**
   * Phase two: the first `shards` gradients are summed in the fixed order and step `t` of the
   * optimiser is applied, range by range. Resolves false if a summed gradient was not finite.
   */
  async update(shards: number, lr: number, t: number): Promise<boolean> {
    const { control, controlReals, workerStats } = this.views;
    control[Control.shards] = shards;
    control[Control.step] = t;
    controlReals[ControlReal.lr] = lr;
    await this.phase(Phase.update, (slot) => {
      const range = parameterRanges(this.layout.paramCount, this.threads)[slot];
      return `${slot === 0 ? 'the main thread' : 'worker'} updating parameters ${range === undefined ? '(none)' : `${range.begin}..${range.end - 1}`}`;
    });
    let finite = true;
    for (let slot = 0; slot < this.threads; slot++) finite &&= workerStats[WorkerStat.count * slot + WorkerStat.finite] === 1;
    return finite;
  }

  /**
   * The evaluate phase: every thread runs the network over its share of the test set (in the
   * layout) with the current parameters. Resolves with the number classified right: a sum of
   * counts, the same whatever the number of threads. `fault` is the test hook (see Fault).
   */
  async evaluate(fault?: Fault): Promise<number> {
    const { control, workerStats } = this.views;
    this.armFault(fault, Phase.evaluate);
    await this.phase(Phase.evaluate, (slot) => `${slot === 0 ? 'the main thread' : 'worker'} evaluating its share of the test set`);
    let correct = 0;
    for (let slot = 0; slot < this.threads; slot++) correct += workerStats[WorkerStat.count * slot + WorkerStat.correct];
    return correct;
  }

  /** Stops the workers and the pool; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed || this.pool === undefined) return;
    this.closed = true;
    startPhase(this.views.control, Phase.stop);
    await Promise.all(this.serving);
    await this.pool.destroy();
  }

  /**
   * Writes the test hook's control words: the fault, if any, fires in `phase`. Its shard must lie in
   * some thread's own claim (claims 0 … threads − 1), where the same thread always meets it.
   */
  private armFault(fault: Fault | undefined, phase: number): void {
    const { control } = this.views;
    if (fault !== undefined && Math.floor(fault.shard / this.layout.claimSize) >= this.threads) {
      throw new Error(`test hook: shard ${fault.shard} lies in no thread's own claim (claims of ${this.layout.claimSize} shards, ${this.threads} threads)`);
    }
    control[Control.faultShard] = fault?.shard ?? -1;
    control[Control.faultKind] = fault === undefined ? FaultKind.none : FaultKind[fault.kind];
    control[Control.faultPhase] = phase;
  }

  /**
   * Publishes a phase, does slot 0's part here, then waits for the workers; rejects as soon as
   * one has failed. The run then calls close(), which waits for every other worker to finish its
   * phase and return, so none still writes when the run ends.
   */
  private async phase(phase: number, doing: (slot: number) => string): Promise<void> {
    if (this.failure !== undefined) throw new ShardFailure('a worker, in an earlier step,', this.failure);
    const { control, workerStats } = this.views;
    const workers = this.threads - 1;
    if (workers > 0) startPhase(control, phase);
    const generation = Atomics.load(control, Control.generation);
    let own: unknown = undefined;
    try {
      this.seat.serve(phase);
    } catch (error) {
      own = error;
    }
    await awaitWorkers(control, workers, () => {
      if (this.failure === undefined) return undefined;
      const stuck = [];
      for (let slot = 1; slot < this.threads; slot++) {
        if (workerStats[WorkerStat.count * slot + WorkerStat.generation] !== generation) stuck.push(doing(slot));
      }
      return new ShardFailure(stuck.join('; '), this.failure);
    });
    if (own !== undefined) throw new ShardFailure(doing(0), own);
  }
}
