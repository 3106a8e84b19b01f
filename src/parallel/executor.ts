// Runs the phases of training — a step's shards, then its update by chunks of parameters; the evaluation — on this thread and a piscina pool.

import { Piscina } from 'piscina';
import { ReportedError } from '../errors.js';
import type { KernelMemory } from '../kernels/kernel-memory.js';
import type { NetworkSpec } from '../nn/network.js';
import { workerPath } from '../paths.js';
import type { OptimizerConfig } from '../optim/optimizer-config.js';
import { ClaimStat, Control, ControlReal, FaultKind, type LayoutViews, Phase, type SharedLayout, WorkerStat } from './layout.js';
import { awaitCount, nextGeneration, startPhase } from './phase-signal.js';
import type { Fault, Stall, StepTask, WorkerInit } from './protocol.js';
import { Seat } from './seat.js';
import { claimCount, claimGroups, claimOf, numberedShards, shardCount } from './shards.js';
import { columnTiles, tileOf } from './first-layer-tiles.js';
import { type ParameterRange, bindSharedUpdate, updateChunks } from './update.js';
import { WorkQueue } from './work-queue.js';

/**
 * The most threads a run may ask for: each is a worker with its own V8 heap and buffers (tens of
 * MB), so more than this is a typo rather than a machine.
 */
export const MAX_THREADS = 256;

/** Seconds the threads spent computing a step's shards (their claims and first-layer tiles). */
export interface ShardSeconds {
  /** The step's critical path: the most any one thread spent. */
  readonly critical: number;
  /**
   * The mean over the threads that ran claims or tiles; critical − mean is about what the others
   * waited for the slowest (a thread out of work waits for the last one running).
   */
  readonly mean: number;
  /** Seconds each slot spent on claims and tiles this step, by slot (the executor's own array, rewritten each step). */
  readonly bySlot: Float64Array;
  /** Threads' own claims (claim k of slot k) that another thread ran this step: the queue's rebalancing. */
  readonly moved: number;
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
 * Runs a step's two phases, and the evaluation, on `threads` threads: this one, in slot 0, and
 * threads − 1 piscina workers in slots 1 and up (with one thread, no pool: the same code path,
 * inline). Piscina starts the workers, carries the shared memory to each once and reports their
 * deaths; each worker then runs one long task that serves phases signalled through Atomics on the
 * control words. Measured here: two piscina.run round trips per step cost ~64 µs each, and a worker
 * asleep through a phase took up to ~1.3 ms to wake, against 8 µs for one that polls; the
 * coordinator works in every phase instead of sleeping, so no thread waits idle for long.
 *
 * A step's two phases share out work (see WorkQueue): they end when their items are done, whoever
 * did them, so a thread the machine holds up costs the step only the item it holds. Getting ready
 * and evaluating wait for every thread.
 */
export class Executor {
  private closed = false;
  private failure: unknown = undefined;
  private readonly serving: Promise<void>[];
  private readonly seat: Seat;
  private readonly queue: WorkQueue;
  /** The update's chunks, its items (see updateChunks). */
  private readonly chunks: readonly ParameterRange[];
  /** Seconds of shards per slot in the last step, and which slots ran any (reused each step). */
  private readonly slotSeconds: Float64Array;
  private readonly slotWorked: Uint8Array;
  /** threadIds of the pool's workers that have exited (a worker names its slot's threadId in its WorkerStat words). */
  private readonly exited = new Set<number>();

  private constructor(
    private readonly layout: SharedLayout,
    private readonly views: LayoutViews,
    private readonly pool: Piscina<undefined, void> | undefined,
    seat: Seat,
  ) {
    this.seat = seat;
    this.queue = new WorkQueue(views.control, views.itemFlags, 0);
    this.chunks = updateChunks(layout.paramCount, layout.threads);
    this.slotSeconds = new Float64Array(layout.threads);
    this.slotWorked = new Uint8Array(layout.threads);
    const fail = (error: unknown): void => {
      this.failure ??= error;
    };
    pool?.on('error', fail);
    // Piscina's own exit handler, attached first, rejects the worker's task; `fail` then runs after this one.
    for (const worker of pool?.threads ?? []) {
      const id = worker.threadId;
      worker.once('exit', () => this.exited.add(id));
    }
    this.serving = Array.from({ length: layout.threads - 1 }, () => (pool === undefined ? Promise.resolve() : pool.run(undefined).catch(fail)));
  }

  /** Starts the pool (threads − 1 workers, each instantiating the kernels on `memory`) and seats this thread in slot 0. */
  static start(layout: SharedLayout, views: LayoutViews, spec: NetworkSpec, optim: OptimizerConfig, memory: KernelMemory): Executor {
    const seat = new Seat(layout, views, 0, spec, bindSharedUpdate(optim, views), (length) => memory.f32(memory.alloc(4 * length), length));
    // The regions may hold an earlier run's words. Workers count phases from generation 0 and take slots from 1 (see workers/shard-worker.ts).
    views.control.fill(0);
    views.itemFlags.fill(0);
    views.workerStats.fill(0);
    // No item is running yet; each slot sets its word while it runs one (see Seat). No slot is stalled.
    for (let slot = 0; slot < layout.threads; slot++) views.workerStats[WorkerStat.count * slot + WorkerStat.item] = -1;
    views.control[Control.stallSlot] = -1;
    Atomics.store(views.control, Control.nextWorkerSlot, 1);
    if (layout.threads === 1) return new Executor(layout, views, undefined, seat);
    const workerData: WorkerInit = { memory: memory.memory, module: memory.module, layout, spec, optim };
    const workers = layout.threads - 1;
    const pool = new Piscina<undefined, void>({ filename: workerPath, minThreads: workers, maxThreads: workers, idleTimeout: Number.POSITIVE_INFINITY, workerData });
    return new Executor(layout, views, pool, seat);
  }

  /**
   * Resolves once every worker has started and every thread has planned and bound every claim of a
   * minibatch of `batchRows` samples cut into `shards` (the run's full batches) and every chunk of
   * the update, and zeroed its share of the claims' gradient regions (see Seat): call it before
   * timing steps. `fault` is the test hook (see Fault).
   */
  async ready(batchRows: number, shards: number, fault?: Fault): Promise<void> {
    this.checkEarlierFailure();
    const { control } = this.views;
    control[Control.batchRows] = batchRows;
    control[Control.shards] = shards;
    this.armFault(fault, Phase.ready);
    await this.everyThread(Phase.ready, (slot) => (slot === 0 ? 'the main thread planning its shards' : `worker ${slot} starting`));
  }

  /** Test hook: slot `stall.slot` sleeps `stall.milliseconds` in each later step's phases, before it takes work (see Stall). */
  setStall(stall: Stall): void {
    this.views.control[Control.stallMilliseconds] = stall.milliseconds;
    this.views.control[Control.stallSlot] = stall.slot;
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
    // Before any control word changes: a phase that failed may still have items that a late thread takes.
    this.checkEarlierFailure();
    const { control, claimStats, workerStats } = this.views;
    control[Control.batchStart] = step.batchStart;
    control[Control.batchRows] = step.batchRows;
    control[Control.shards] = step.shards;
    const shards = shardCount(step.batchRows, step.shards);
    this.armFault(step.fault, Phase.shards, shards);
    const claims = claimCount(shards, this.layout.claimSize);
    const { tilesPerShard } = this.layout;
    for (let slot = 0; slot < this.threads; slot++) workerStats[WorkerStat.count * slot + WorkerStat.tileSeconds] = 0;
    await this.sharedWork(Phase.shards, claims + shards * tilesPerShard, claims, (slot, k) => {
      const who = slot === 0 ? 'the main thread' : 'worker';
      if (k >= claims) {
        const { shard, tile } = tileOf(claims, tilesPerShard, k);
        const columns = columnTiles(this.layout.featureCount, tilesPerShard)[tile];
        return `${who} computing shard ${shard}'s first-layer weight gradient, inputs ${columns.begin}..${columns.end - 1}`;
      }
      const claim = claimGroups(numberedShards(step.batchRows, step.shards), this.layout.claimSize)[k];
      return `${who} running shard${claim.length === 1 ? '' : 's'} ${claim.map((s) => s.shard).join(', ')}`;
    });
    const { slotSeconds, slotWorked } = this;
    slotSeconds.fill(0);
    slotWorked.fill(0);
    let moved = 0;
    for (let k = 0; k < claims; k++) {
      const slot = claimStats[ClaimStat.count * k + ClaimStat.slot];
      slotSeconds[slot] += claimStats[ClaimStat.count * k + ClaimStat.seconds];
      slotWorked[slot] = 1;
      if (k < this.threads && slot !== k) moved++;
    }
    for (let slot = 0; slot < this.threads; slot++) {
      const tiles = workerStats[WorkerStat.count * slot + WorkerStat.tileSeconds];
      slotSeconds[slot] += tiles;
      if (tiles > 0) slotWorked[slot] = 1;
    }
    let critical = 0;
    let sum = 0;
    let working = 0;
    for (let slot = 0; slot < this.threads; slot++) {
      if (slotWorked[slot] === 0) continue;
      critical = Math.max(critical, slotSeconds[slot]);
      sum += slotSeconds[slot];
      working++;
    }
    // The mean can round one ulp above the largest of equal times.
    return { critical, mean: Math.min(critical, sum / working), bySlot: slotSeconds, moved };
  }

  /**
   * Phase two: the first `shards` gradients are summed in the fixed order and step `t` of the
   * optimiser is applied, chunk by chunk. Resolves false if a summed gradient was not finite.
   */
  async update(shards: number, lr: number, t: number): Promise<boolean> {
    this.checkEarlierFailure();
    const { control, controlReals } = this.views;
    control[Control.shards] = shards;
    control[Control.step] = t;
    control[Control.nonfinite] = 0;
    controlReals[ControlReal.lr] = lr;
    await this.sharedWork(Phase.update, this.chunks.length, this.chunks.length, (slot, k) => {
      const chunk = this.chunks[k];
      return `${slot === 0 ? 'the main thread' : 'worker'} updating parameters ${chunk.begin}..${chunk.end - 1}`;
    });
    return Atomics.load(control, Control.nonfinite) === 0;
  }

  /**
   * The evaluate phase: every thread runs the network over its share of the test set (in the
   * layout) with the current parameters. Resolves with the number classified right: a sum of
   * counts, the same whatever the number of threads. `fault` is the test hook (see Fault).
   */
  async evaluate(fault?: Fault): Promise<number> {
    this.checkEarlierFailure();
    const { control, workerStats } = this.views;
    this.armFault(fault, Phase.evaluate);
    await this.everyThread(Phase.evaluate, (slot) => `${slot === 0 ? 'the main thread' : 'worker'} evaluating its share of the test set`);
    let correct = 0;
    for (let slot = 0; slot < this.threads; slot++) correct += workerStats[WorkerStat.count * slot + WorkerStat.correct];
    return correct;
  }

  /**
   * Stops the workers and the pool; safe to call twice. A worker that failed where no phase saw it
   * (see checkEarlierFailure) is reported by checkEarlierFailure after this, once piscina has said so.
   */
  async close(): Promise<void> {
    if (this.closed || this.pool === undefined) return;
    this.closed = true;
    startPhase(this.views.control, nextGeneration(this.views.control, Phase.stop));
    await Promise.all(this.serving);
    await this.pool.destroy();
  }

  /**
   * Writes the test hook's control words: the fault, if any, fires in `phase`. Its shard must lie in
   * some thread's own claim (claims 0 … threads − 1), where the same thread always meets it, and
   * among the `shards` shards of the step (a fault that could not fire is refused).
   */
  private armFault(fault: Fault | undefined, phase: number, shards = this.layout.shards): void {
    const { control } = this.views;
    if (fault !== undefined && claimOf(fault.shard, this.layout.claimSize) >= this.threads) {
      throw new Error(`test hook: shard ${fault.shard} lies in no thread's own claim (claims of ${this.layout.claimSize} shards, ${this.threads} threads)`);
    }
    if (fault !== undefined && fault.shard >= shards) throw new Error(`test hook: shard ${fault.shard} is not among the step's ${shards} shards`);
    control[Control.faultShard] = fault?.shard ?? -1;
    control[Control.faultKind] = fault === undefined ? FaultKind.none : FaultKind[fault.kind];
    control[Control.faultPhase] = phase;
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
   * Publishes a shared-work phase of `items` items, the first `free` of them free and the rest
   * pending until a thread releases them (see WorkQueue), takes items here like any worker, then
   * waits until every item is done, by whichever thread; rejects as soon as a thread has failed,
   * naming the items the threads were running (`doing(slot, item)`).
   */
  private async sharedWork(phase: number, items: number, free: number, doing: (slot: number, item: number) => string): Promise<void> {
    const { control, workerStats } = this.views;
    const generation = nextGeneration(control, phase);
    this.queue.open(generation, items, free);
    startPhase(control, generation);
    const own = this.serveHere(generation);
    const what = (slot: number): string => {
      const item = workerStats[WorkerStat.count * slot + WorkerStat.item];
      return item >= 0 ? doing(slot, item) : `${slot === 0 ? 'the main thread' : `worker ${slot}`}, between items,`;
    };
    // Slot 0's failing item is never done: report it without waiting for the rest, and fail every later phase.
    if (own !== undefined) {
      this.failure ??= own;
      throw new ShardFailure(what(0), own);
    }
    await awaitCount(control, Control.completed, items, () => {
      if (this.failure === undefined) return undefined;
      const failed = this.failedWorkers((slot) => workerStats[WorkerStat.count * slot + WorkerStat.item] >= 0);
      return new ShardFailure(failed.length === 0 ? 'a worker' : failed.map(what).join('; '), this.failure);
    });
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
