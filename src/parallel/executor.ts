// Runs a minibatch's shards: inline on this thread, or spread over a piscina pool.

import { Piscina } from 'piscina';
import { KernelMemory } from '../kernels/kernel-memory.js';
import type { NetworkSpec } from '../nn/network.js';
import { workerPath } from '../paths.js';
import type { LayoutViews, SharedLayout } from './layout.js';
import type { ShardTask, StepTask, WorkerInit } from './protocol.js';
import { ShardRunner } from './shard-runner.js';

/** Runs every shard of a minibatch, writing each shard's gradient and loss into shared memory. */
export interface ShardExecutor {
  readonly threads: number;
  /**
   * Resolves when every shard of the step is written, with the step's critical path: the most
   * seconds any one thread spent computing shards. Rejects with a ShardFailure.
   */
  run(step: StepTask): Promise<number>;
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

/** Runs the shards one after another on the calling thread: `--threads 1`. */
export class InlineExecutor implements ShardExecutor {
  readonly threads = 1;
  private readonly runner: ShardRunner;

  constructor(layout: SharedLayout, views: LayoutViews, spec: NetworkSpec, memory: KernelMemory) {
    this.runner = new ShardRunner(layout, views, spec, (length) => memory.f32(memory.alloc(4 * length), length));
  }

  run(step: StepTask): Promise<number> {
    let seconds = 0;
    for (const shard of step.shards) {
      if (step.fault?.shard === shard.shard) return Promise.reject(new ShardFailure([shard], new Error(`injected fault (${step.fault.kind})`)));
      seconds += this.runner.run(shard.shard, shard.start, shard.rows, step.batchSize);
    }
    // Resolving on the next turn of the event loop lets a SIGINT handler run between steps.
    return new Promise((resolve) => setImmediate(resolve, seconds));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Runs shards on `threads` piscina workers, each attached once to the shared memory.
 * A step posts one task per worker, each a contiguous group of shards; which worker runs
 * which group does not matter, since every shard writes only its own regions.
 */
export class PoolExecutor implements ShardExecutor {
  private closed = false;

  private constructor(
    readonly threads: number,
    private readonly pool: Piscina<StepTask, number>,
  ) {}

  /** Starts the pool; every worker instantiates the kernels on `memory` before its first task. */
  static start(threads: number, layout: SharedLayout, spec: NetworkSpec, memory: KernelMemory): PoolExecutor {
    const workerData: WorkerInit = { memory: memory.memory, module: memory.module, layout, spec };
    const pool = new Piscina<StepTask, number>({
      filename: workerPath,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData,
    });
    return new PoolExecutor(threads, pool);
  }

  async run(step: StepTask): Promise<number> {
    const groups = groupShards(step.shards, this.threads);
    const results = await Promise.allSettled(groups.map((shards) => this.pool.run({ ...step, shards })));
    // Every task has settled before a failure is reported: no worker still writes when the run ends.
    let critical = 0;
    for (const [g, result] of results.entries()) {
      if (result.status === 'rejected') throw new ShardFailure(groups[g], result.reason);
      critical = Math.max(critical, result.value);
    }
    return critical;
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
