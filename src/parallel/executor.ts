// Runs the two phases of a step — shards, then the update by parameter range — inline or on a piscina pool.

import { Piscina } from 'piscina';
import type { KernelMemory } from '../kernels/kernel-memory.js';
import type { NetworkSpec } from '../nn/network.js';
import type { Optimizer } from '../optim/optimizer.js';
import { workerPath } from '../paths.js';
import type { OptimizerConfig } from '../train/config.js';
import type { LayoutViews, SharedLayout } from './layout.js';
import type { ShardTask, StepTask, WorkerInit, WorkerReply, WorkerTask } from './protocol.js';
import { ShardRunner } from './shard-runner.js';
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

/** A shard failed: the message names the shards and the cause. */
export class ShardFailure extends Error {
  constructor(shards: readonly ShardTask[], cause: unknown) {
    const which = shards.map((s) => s.shard).join(', ');
    super(`worker running shard${shards.length === 1 ? '' : 's'} ${which} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
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
    for (const shard of step.shards) {
      if (step.fault?.shard === shard.shard) return Promise.reject(new ShardFailure([shard], new Error(`injected fault (${step.fault.kind})`)));
      seconds += this.runner.run(shard.shard, shard.start, shard.rows, step.batchSize);
    }
    return Promise.resolve(seconds);
  }

  update(shards: number, lr: number, t: number): Promise<boolean> {
    const finite = updateRange(this.views, this.optimizer, shards, lr, t, this.all);
    // Resolving on the next turn of the event loop lets a SIGINT handler run between steps.
    return new Promise((resolve) => setImmediate(resolve, finite));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Runs both phases on `threads` piscina workers, each attached once to the shared memory.
 * Phase one posts one task per worker, a contiguous group of shards; phase two one task per
 * parameter range. Which worker runs which task does not matter: each writes only its own regions.
 */
export class PoolExecutor implements ShardExecutor {
  private closed = false;
  private readonly ranges: readonly ParameterRange[];

  private constructor(
    readonly threads: number,
    private readonly pool: Piscina<WorkerTask, WorkerReply>,
    paramCount: number,
  ) {
    this.ranges = parameterRanges(paramCount, threads);
  }

  /** Starts the pool; every worker instantiates the kernels on `memory` before its first task. */
  static start(threads: number, layout: SharedLayout, spec: NetworkSpec, optim: OptimizerConfig, memory: KernelMemory): PoolExecutor {
    const workerData: WorkerInit = { memory: memory.memory, module: memory.module, layout, spec, optim };
    const pool = new Piscina<WorkerTask, WorkerReply>({
      filename: workerPath,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData,
    });
    return new PoolExecutor(threads, pool, layout.paramCount);
  }

  async runShards(step: StepTask): Promise<number> {
    const groups = groupShards(step.shards, this.threads);
    const replies = await Promise.allSettled(groups.map((shards) => this.pool.run({ ...step, shards })));
    // Every task has settled before a failure is reported: no worker still writes when the run ends.
    let critical = 0;
    for (const [g, reply] of replies.entries()) {
      if (reply.status === 'rejected') throw new ShardFailure(groups[g], reply.reason);
      critical = Math.max(critical, reply.value.seconds);
    }
    return critical;
  }

  async update(shards: number, lr: number, t: number): Promise<boolean> {
    const replies = await Promise.allSettled(this.ranges.map((range) => this.pool.run({ kind: 'update', shards, range, lr, t })));
    let finite = true;
    for (const [r, reply] of replies.entries()) {
      if (reply.status === 'rejected') {
        const { begin, end } = this.ranges[r];
        throw new Error(`worker updating parameters ${begin}..${end - 1} failed: ${reply.reason instanceof Error ? reply.reason.message : String(reply.reason)}`);
      }
      finite &&= reply.value.finite;
    }
    return finite;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
  }
}

/** Cuts the shards into at most `groups` contiguous groups of near-equal size. */
function groupShards(shards: readonly ShardTask[], groups: number): ShardTask[][] {
  const count = Math.min(groups, shards.length);
  const out: ShardTask[][] = [];
  for (let g = 0; g < count; g++) {
    out.push(shards.slice(Math.floor((g * shards.length) / count), Math.floor(((g + 1) * shards.length) / count)));
  }
  return out;
}
