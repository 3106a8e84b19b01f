// Runs the two phases of a step — shards, then the update by parameter range — inline or on a piscina pool.

import { Piscina } from 'piscina';
import type { KernelMemory } from '../kernels/kernel-memory.js';
import type { NetworkSpec } from '../nn/network.js';
import type { Optimizer } from '../optim/optimizer.js';
import { workerPath } from '../paths.js';
import type { OptimizerConfig } from '../train/config.js';
import { Control, ControlReal, FaultKind, type LayoutViews, Phase, type SharedLayout, WorkerStat } from './layout.js';
import { awaitWorkers, startPhase } from './phase-signal.js';
import type { StepTask, WorkerInit } from './protocol.js';
import { ShardRunner } from './shard-runner.js';
import { groupShards, numberedShards } from './shards.js';
import { type ParameterRange, parameterRanges, updateRange } from './update.js';

/** Runs a step's two phases, each writing only shared memory. */
export interface ShardExecutor {
  readonly threads: number;
  /**
   * Phase one: every shard of the step writes its gradient and loss. Resolves with the step's
   * critical path, the most seconds any one thread spent on shards; rejects with a ShardFailure.
   */
  runShards(step: StepTask): Promise<number>;
  /**
   * Phase two: the first `shards` gradients are summed in the fixed order and step `t` of the
   * optimiser is applied, range by range. Resolves false if a summed gradient was not finite.
   */
  update(shards: number, lr: number, t: number): Promise<boolean>;
  /** Stops the workers; safe to call twice. */
  close(): Promise<void>;
}

/** A worker failed: the message names the shards or parameters it was working on, and the cause. */
export class ShardFailure extends Error {
  constructor(what: string, cause: unknown) {
    super(`worker running ${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ShardFailure';
  }
}

/** Runs both phases on the calling thread: `--threads 1`. */
export class InlineExecutor implements ShardExecutor {
  readonly threads = 1;
  private readonly runner: ShardRunner;
  private readonly all: ParameterRange;

  constructor(
    layout: SharedLayout,
    private readonly views: LayoutViews,
    spec: NetworkSpec,
    memory: KernelMemory,
    private readonly optimizer: Optimizer,
  ) {
    this.runner = new ShardRunner(layout, views, spec, (length) => memory.f32(memory.alloc(4 * length), length));
    this.all = { begin: 0, end: layout.paramCount };
  }

  runShards(step: StepTask): Promise<number> {
    let seconds = 0;
    for (const { shard, start, rows } of numberedShards(step.batchRows, step.shards)) {
      if (step.fault?.shard === shard) return Promise.reject(new ShardFailure(`shard ${shard}`, new Error(`injected fault in shard ${shard}`)));
      seconds += this.runner.run(shard, step.batchStart + start, rows, step.batchRows);
    }
    return Promise.resolve(seconds);
  }

  update(shards: number, lr: number, t: number): Promise<boolean> {
    return Promise.resolve(updateRange(this.views, this.optimizer, shards, lr, t, this.all));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Runs both phases on `threads` piscina workers. Piscina starts them, carries the shared memory
 * to each once and reports their deaths; each worker then runs one long task that serves phases
 * signalled through Atomics on the control words (a round trip of two tasks through piscina.run
 * measured 64 µs here, and a sleeping worker took up to ~1.3 ms to wake; a polling one 8 µs).
 * The worker in slot g runs shard group g and parameter range g: which thread got which slot
 * changes nothing, since every shard and range writes only its own regions.
 */
export class PoolExecutor implements ShardExecutor {
  private closed = false;
  private failure: unknown = undefined;
  private readonly serving: Promise<void>[];
  private readonly ranges: readonly ParameterRange[];

  private constructor(
    readonly threads: number,
    private readonly pool: Piscina<undefined, void>,
    private readonly views: LayoutViews,
    paramCount: number,
  ) {
    this.ranges = parameterRanges(paramCount, threads);
    const fail = (error: unknown): void => {
      this.failure ??= error;
    };
    pool.on('error', fail);
    this.serving = Array.from({ length: threads }, () => pool.run(undefined).catch(fail));
  }

  /** Starts the pool; every worker instantiates the kernels on `memory` and waits for the first phase. */
  static start(threads: number, layout: SharedLayout, views: LayoutViews, spec: NetworkSpec, optim: OptimizerConfig, memory: KernelMemory): PoolExecutor {
    const workerData: WorkerInit = { memory: memory.memory, module: memory.module, layout, spec, optim };
    // Workers count phases from generation 0 (see serve in workers/shard-worker.ts).
    Atomics.store(views.control, Control.generation, 0);
    Atomics.store(views.control, Control.nextWorkerSlot, 0);
    const pool = new Piscina<undefined, void>({
      filename: workerPath,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData,
    });
    return new PoolExecutor(threads, pool, views, layout.paramCount);
  }

  async runShards(step: StepTask): Promise<number> {
    const { control, workerStats } = this.views;
    control[Control.batchStart] = step.batchStart;
    control[Control.batchRows] = step.batchRows;
    control[Control.shards] = step.shards;
    control[Control.faultShard] = step.fault?.shard ?? -1;
    control[Control.faultKind] = step.fault === undefined ? FaultKind.none : FaultKind[step.fault.kind];
    await this.phase(Phase.shards, (slot) => {
      const group = groupShards(numberedShards(step.batchRows, step.shards), this.threads)[slot] ?? [];
      return `shard${group.length === 1 ? '' : 's'} ${group.map((s) => s.shard).join(', ')}`;
    });
    let critical = 0;
    for (let slot = 0; slot < this.threads; slot++) critical = Math.max(critical, workerStats[WorkerStat.count * slot + WorkerStat.seconds]);
    return critical;
  }

  async update(shards: number, lr: number, t: number): Promise<boolean> {
    const { control, controlReals, workerStats } = this.views;
    control[Control.shards] = shards;
    control[Control.step] = t;
    controlReals[ControlReal.lr] = lr;
    await this.phase(Phase.update, (slot) => {
      const range = this.ranges[slot];
      return range === undefined ? `slot ${slot}` : `parameters ${range.begin}..${range.end - 1}`;
    });
    let finite = true;
    for (let slot = 0; slot < this.ranges.length; slot++) finite &&= workerStats[WorkerStat.count * slot + WorkerStat.finite] === 1;
    return finite;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    startPhase(this.views.control, Phase.stop);
    await Promise.all(this.serving);
    await this.pool.destroy();
  }

  /** Starts a phase and waits for every worker; a failure names what the workers that did not finish were doing. */
  private async phase(phase: number, doing: (slot: number) => string): Promise<void> {
    if (this.failure !== undefined) throw new ShardFailure('an earlier step', this.failure);
    const { control, workerStats } = this.views;
    startPhase(control, phase);
    const generation = Atomics.load(control, Control.generation);
    await awaitWorkers(control, this.threads, () => {
      if (this.failure === undefined) return undefined;
      const stuck = [];
      for (let slot = 0; slot < this.threads; slot++) {
        if (workerStats[WorkerStat.count * slot + WorkerStat.generation] !== generation) stuck.push(doing(slot));
      }
      return new ShardFailure(stuck.join('; '), this.failure);
    });
  }
}
