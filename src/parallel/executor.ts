// Runs the phases of training — a step's shards, then its update by chunks of parameters; the evaluation — on this thread and a piscina pool.

import { Piscina } from 'piscina';
import { ReportedError } from '../errors.js';
import type { KernelMemory } from '../kernels/kernel-memory.js';
import type { NetworkSpec } from '../nn/network.js';
import type { OptimizerConfig } from '../optim/optimizer-config.js';
import { workerPath } from '../paths.js';
import { Control, ControlReal, EvalSet, EvalStat, type LayoutViews, Phase, type SharedLayout, WorkerStat } from './layout.js';
import { awaitCount, nextGeneration, startPhase } from './phase-signal.js';
import type { WorkerInit } from './protocol.js';
import { type PhaseServer, Seat } from './seat.js';
import type { StepPlan } from './step-plan.js';
import { type StepResult, readStepResult } from './step-result.js';
import { WorkQueue } from './work-queue.js';

/** What scoring a held-out set gives: its losses and hits summed in chunk order, and the network's outputs for its rows. */
export interface Evaluation {
  readonly lossSum: number;
  readonly correct: number;
  /** Each row's outputs, row-major (a view of the shared memory: read it before the set is scored again). */
  readonly outputs: Float32Array;
}

/** The most threads a run may ask for: each is a worker with its own heap and buffers (tens of MB), so more is a typo. */
export const MAX_THREADS = 256;

/** Internal options for tests (never exported from the package): another worker entry and what it is told, and a wrapper around slot 0's seat. */
export interface ExecutorTestOptions {
  readonly worker?: { readonly filename: string; readonly data: unknown };
  readonly coordinator?: (seat: Seat) => PhaseServer;
}

/**
 * A thread failed: the message names the shards or parameters it was working on, and the cause
 * (kept as `cause`, whose stack --debug prints). Reported as one line, exit code 1.
 */
export class ShardFailure extends ReportedError {
  constructor(what: string, cause: unknown) {
    super(`${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, 1, { cause });
    this.name = 'ShardFailure';
  }
}

/**
 * Runs a step's two phases, and the evaluation, on `threads` threads: this one in slot 0, and
 * threads − 1 piscina workers (none for one thread: the same code, inline). Each worker runs one
 * long task serving phases signalled through Atomics on the control words, since a piscina round
 * trip per phase costs more than a small step. The coordinator works in every phase too.
 */
export class Executor {
  private closed = false;
  private failure: unknown = undefined;
  private readonly serving: Promise<void>[];
  private readonly queue: WorkQueue;
  /** Seconds of shards per slot in the last step, and which slots ran any (reused each step). */
  private readonly slotSeconds: Float64Array;
  private readonly slotWorked: Uint8Array;
  /** threadIds of the pool's workers that have exited (a worker names its slot's threadId in its WorkerStat words). */
  private readonly exited = new Set<number>();

  private constructor(
    private readonly views: LayoutViews,
    private readonly plans: readonly StepPlan[],
    private readonly pool: Piscina<undefined, void> | undefined,
    private readonly seat: PhaseServer,
  ) {
    this.queue = new WorkQueue(views.control, views.itemFlags, 0);
    this.slotSeconds = new Float64Array(this.threads);
    this.slotWorked = new Uint8Array(this.threads);
    const fail = (error: unknown): void => {
      this.failure ??= error;
    };
    pool?.on('error', fail);
    // Piscina's own exit handler, attached first, rejects the worker's task; `fail` then runs after this one.
    for (const worker of pool?.threads ?? []) {
      const id = worker.threadId;
      worker.once('exit', () => this.exited.add(id));
    }
    this.serving = Array.from({ length: this.threads - 1 }, () => (pool === undefined ? Promise.resolve() : pool.run(undefined).catch(fail)));
  }

  /**
   * Starts the pool (threads − 1 workers, each instantiating the kernels on `memory`) and seats this
   * thread in slot 0. `plans` are the run's step plans, full batches' first; the layout was sized by it.
   */
  static start(
    layout: SharedLayout, views: LayoutViews, plans: readonly StepPlan[], spec: NetworkSpec, optim: OptimizerConfig, memory: KernelMemory,
    test: ExecutorTestOptions = {},
  ): Executor {
    const own = new Seat(views, 0, plans, spec, optim, layout.targets, (length) => memory.allocF32(length));
    const seat = test.coordinator?.(own) ?? own;
    // The regions may hold an earlier run's words. Workers count phases from generation 0 and take slots from 1.
    views.control.fill(0);
    views.itemFlags.fill(0);
    views.workerStats.fill(0);
    // No item is running yet; each slot sets its word while it runs one.
    for (let slot = 0; slot < layout.threads; slot++) views.workerStats[WorkerStat.count * slot + WorkerStat.item] = -1;
    Atomics.store(views.control, Control.nextWorkerSlot, 1);
    if (layout.threads === 1) return new Executor(views, plans, undefined, seat);
    const init: WorkerInit = { memory: memory.memory, module: memory.module, layout, plans, spec, optim };
    const workerData = test.worker === undefined ? init : { ...init, test: test.worker.data };
    const workers = layout.threads - 1;
    const filename = test.worker?.filename ?? workerPath;
    const pool = new Piscina<undefined, void>({ filename, minThreads: workers, maxThreads: workers, idleTimeout: Number.POSITIVE_INFINITY, workerData });
    return new Executor(views, plans, pool, seat);
  }

  /** Resolves once every worker has started and every thread has bound every plan and zeroed its share of the gradient regions: call it before timing steps. */
  async ready(): Promise<void> {
    this.checkEarlierFailure();
    await this.everyThread(Phase.ready, (slot) => (slot === 0 ? 'the main thread planning its shards' : `worker ${slot} starting`));
  }

  /** Threads running each step, this one included. */
  get threads(): number {
    return this.plans[0].sizes.threads;
  }

  /**
   * Phase one: every shard of the step of `batchRows` samples from order[batchStart] writes its
   * gradient and loss. Resolves with their sums and the threads' times; rejects with a ShardFailure.
   */
  async runShards(batchStart: number, batchRows: number): Promise<StepResult> {
    // Before any control word changes: a phase that failed may still have items that a late thread takes.
    this.checkEarlierFailure();
    const { control, workerStats } = this.views;
    const plan = this.planOf(batchRows);
    control[Control.batchStart] = batchStart;
    const claims = plan.claims.length;
    for (let slot = 0; slot < this.threads; slot++) workerStats[WorkerStat.count * slot + WorkerStat.tileSeconds] = 0;
    await this.sharedWork(Phase.shards, plan, claims + plan.tiles.length, claims);
    return readStepResult(this.views, plan, this.slotSeconds, this.slotWorked);
  }

  /**
   * Phase two: the step of `batchRows` samples's gradients are summed in the fixed order and step
   * `t` of the optimiser is applied, chunk by chunk. Resolves false if a summed gradient was not finite.
   */
  async update(batchRows: number, lr: number, t: number): Promise<boolean> {
    this.checkEarlierFailure();
    const { control, controlReals } = this.views;
    const plan = this.planOf(batchRows);
    const { chunks } = plan;
    control[Control.step] = t;
    control[Control.nonfinite] = 0;
    controlReals[ControlReal.lr] = lr;
    await this.sharedWork(Phase.update, plan, chunks.length, chunks.length);
    return Atomics.load(control, Control.nonfinite) === 0;
  }

  /**
   * The evaluate phase: every thread runs the network with the current parameters over its share of
   * the chunks of held-out set `set` (an EvalSet value), writing each row's outputs. Resolves with the
   * set's outputs and its chunks' losses and hits summed in chunk order: the same bits whatever the threads.
   */
  async evaluate(set: number): Promise<Evaluation> {
    this.checkEarlierFailure();
    const { control, evalStats, evalOutputs } = this.views;
    control[Control.evalSet] = set;
    const name = set === EvalSet.test ? 'test' : 'validation';
    await this.everyThread(Phase.evaluate, (slot) => `${slot === 0 ? 'the main thread' : 'worker'} evaluating its share of the ${name} set`);
    const stats = evalStats[set];
    let lossSum = 0;
    let correct = 0;
    for (let at = 0; at < stats.length; at += EvalStat.count) {
      lossSum += stats[at + EvalStat.lossSum];
      correct += stats[at + EvalStat.correct];
    }
    return { lossSum, correct, outputs: evalOutputs[set] };
  }

  /** Stops the workers and the pool; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed || this.pool === undefined) return;
    this.closed = true;
    startPhase(this.views.control, nextGeneration(this.views.control, Phase.stop));
    await Promise.all(this.serving);
    await this.pool.destroy();
  }

  /** The plan of a step of `batchRows` samples, written to the control words for the threads. */
  private planOf(batchRows: number): StepPlan {
    for (let index = 0; index < this.plans.length; index++) {
      if (this.plans[index].batchRows !== batchRows) continue;
      this.views.control[Control.plan] = index;
      return this.plans[index];
    }
    throw new Error(`einprop: no step plan for a batch of ${batchRows} samples`);
  }

  /**
   * Publishes a phase that waits for every thread, does slot 0's part here, then waits for the
   * workers; rejects as soon as one has failed. The run then calls close(), which waits for every
   * other worker to finish its phase and return, so none still writes when the run ends.
   */
  private async everyThread(phase: number, doing: (slot: number) => string): Promise<void> {
    const { control, workerStats } = this.views;
    const generation = nextGeneration(control, phase);
    startPhase(control, generation);
    const own = this.serveHere(generation);
    await awaitCount(control, Control.done, this.threads - 1, () => {
      if (this.failure === undefined) return undefined;
      const failed = this.failedWorkers((slot) => workerStats[WorkerStat.count * slot + WorkerStat.generation] !== generation);
      return new ShardFailure(failed.map(doing).join('; '), this.failure);
    });
    if (own !== undefined) throw new ShardFailure(doing(0), own);
  }

  /**
   * Publishes a shared-work phase of `plan`'s with `items` items, the first `free` of them free and
   * the rest pending (see WorkQueue), takes items here like any worker, then waits until every item
   * is done, by whichever thread; rejects as soon as a thread has failed, naming what it was running.
   */
  private async sharedWork(phase: number, plan: StepPlan, items: number, free: number): Promise<void> {
    const { control, workerStats } = this.views;
    const generation = nextGeneration(control, phase);
    this.queue.open(generation, items, free);
    startPhase(control, generation);
    const own = this.serveHere(generation);
    // Slot 0's failing item is never done: report it without waiting for the rest, and fail every later phase.
    if (own !== undefined) {
      this.failure ??= own;
      throw new ShardFailure(this.holding(phase, plan, 0), own);
    }
    await awaitCount(control, Control.completed, items, () => {
      if (this.failure === undefined) return undefined;
      const failed = this.failedWorkers((slot) => workerStats[WorkerStat.count * slot + WorkerStat.item] >= 0);
      return new ShardFailure(failed.length === 0 ? 'a worker' : failed.map((slot) => this.holding(phase, plan, slot)).join('; '), this.failure);
    });
  }

  /** What slot `slot` is running in a shared-work phase of `plan`'s, by its WorkerStat item word: for a failure's message. */
  private holding(phase: number, plan: StepPlan, slot: number): string {
    const k = this.views.workerStats[WorkerStat.count * slot + WorkerStat.item];
    const who = slot === 0 ? 'the main thread' : 'worker';
    if (k < 0) return `${slot === 0 ? who : `worker ${slot}`}, between items,`;
    if (phase === Phase.update) return `${who} updating parameters ${plan.chunks[k].begin}..${plan.chunks[k].end - 1}`;
    const claims = plan.claims.length;
    if (k >= claims) {
      const { shard, columns } = plan.tiles[k - claims];
      return `${who} computing shard ${shard.shard}'s first-layer weight gradient, inputs ${columns.begin}..${columns.end - 1}`;
    }
    const { shards } = plan.claims[k];
    return `${who} running shard${shards.length === 1 ? '' : 's'} ${shards.map((s) => s.shard).join(', ')}`;
  }

  /**
   * The workers to name in a failure: those that threw (they say so in their WorkerStat words), or,
   * if none did, those that died outright (their threadId exited), or, failing both, those for
   * which `unfinished(slot)` holds.
   */
  private failedWorkers(unfinished: (slot: number) => boolean): number[] {
    const { workerStats } = this.views;
    const workers = Array.from({ length: this.threads - 1 }, (_, i) => i + 1);
    const threw = workers.filter((slot) => workerStats[WorkerStat.count * slot + WorkerStat.failed] === 1);
    if (threw.length > 0) return threw;
    const died = workers.filter((slot) => this.exited.has(workerStats[WorkerStat.count * slot + WorkerStat.threadId]));
    return died.length > 0 ? died : workers.filter(unfinished);
  }

  /**
   * Throws if a thread failed where no phase's wait saw it: between items of a shared-work phase,
   * whose others then finished its work. The run calls it at the end of each epoch; every call
   * that starts a phase calls it before it writes a control word.
   */
  checkEarlierFailure(): void {
    if (this.failure === undefined) return;
    // Its items went to the other threads; the worker that threw says so in its words, one that died by its exit.
    const threw = this.failedWorkers(() => false);
    throw new ShardFailure(threw.length === 0 ? 'a worker, between items,' : threw.map((slot) => `worker ${slot}, between items,`).join('; '), this.failure);
  }

  /** Does slot 0's part of the phase published as `generation`; returns what it threw, if anything. */
  private serveHere(generation: number): unknown {
    try {
      this.seat.serve(generation);
      return undefined;
    } catch (error) {
      return error;
    }
  }
}
