// One thread's part of each phase: the claims of shards, first-layer tiles and chunks of the update it takes, its share of the test set, its planning.

import type { NetworkSpec, Allocator } from '../nn/network.js';
import type { BindRange } from '../optim/update-rule.js';
import { ClaimStat, Control, ControlReal, FaultKind, type LayoutViews, Phase, type SharedLayout, WorkerStat } from './layout.js';
import { phaseOf } from './phase-signal.js';
import { ShardRunner } from './shard-runner.js';
import { type NumberedShard, claimGroups, claimOf, numberedShards, shardRanges } from './shards.js';
import type { BoundStep } from '../kernels/bound-kernel.js';
import { type LayerSlots, parameterLayout } from '../nn/parameters.js';
import { bindTile, columnTiles, tileItem } from './first-layer-tiles.js';
import { splitTree } from './reduce.js';
import { type BoundRangeUpdate, bindAdds, bindRangeUpdate, updateChunks, updateRange } from './update.js';
import { WorkQueue } from './work-queue.js';


/**
 * How long the coordinator waits in a shards phase for tiles that threads still running claims will
 * free, from the phase's start: a worker that dies meanwhile is reported that much later.
 */
const COORDINATOR_WAIT_MILLISECONDS = 20;

/** The gradient sum for one shard count (see splitTree), bound so that any thread may run any claim or chunk. */
interface Reduction {
  /**
   * Each claim's own additions, over every parameter: whichever thread ran the claim does them,
   * straight after. (A step with first-layer tiles has claims of one shard, so none to do before
   * its tiles are done: see tilesPerShard.)
   */
  readonly local: readonly (readonly BoundStep[])[];
  /** Each chunk of the update: the shared additions over its range, the check and the update. */
  readonly chunks: readonly BoundRangeUpdate[];
}

/** Consecutive shards a thread runs at a time, and the reduction's additions that sum them. */
interface Claim {
  readonly shards: readonly NumberedShard[];
  readonly adds: readonly BoundStep[];
  /** Its shards' first-layer tiles, items tilesFrom … tilesTo − 1 of the shards phase. */
  readonly tilesFrom: number;
  readonly tilesTo: number;
}

/** The items of a shards phase for one batch shape: its claims, then the tiles of each shard (see tileItem). */
interface ShardWork {
  readonly claims: readonly Claim[];
  /** Tile item claims.length + t is tiles[t]. */
  readonly tiles: readonly BoundStep[];
}

/**
 * The thread in slot `slot` of `layout.threads`. In a step it takes claims of the minibatch's
 * shards, then chunks of the update, from the work queue: its own (claim or chunk `slot`) first,
 * then any left, first come first served. Between epochs it evaluates share `slot` of the test set. It reads each phase's
 * arguments from the control words. The coordinator sits in slot 0; pool workers in the others.
 * Which thread holds which slot, or runs which claim, tile or chunk, changes no result: every shard
 * and every chunk writes only its own regions (a shard's tiles, their columns of its region's
 * first-layer weight gradient), each claim's additions touch only its own shards' regions, and the
 * hit counts are summed.
 */
export class Seat {
  private readonly runner: ShardRunner;
  private readonly queue: WorkQueue;
  private readonly stats: number;
  /** The claims and tiles by batch shape: a run meets two shapes at most (full batches and the last one). */
  private readonly workByShape = new Map<number, ShardWork>();
  /** The first layer's place in the parameters (the tiles write its weights' gradient). */
  private readonly firstLayer: LayerSlots;
  /** The reduction, bound per shard count (a run meets one or two). */
  private readonly reductions = new Map<number, Reduction>();

  constructor(
    private readonly layout: SharedLayout,
    private readonly views: LayoutViews,
    readonly slot: number,
    spec: NetworkSpec,
    private readonly bindUpdate: BindRange,
    allocate: Allocator,
  ) {
    this.runner = new ShardRunner(layout, views, spec, allocate);
    this.queue = new WorkQueue(views.control, views.itemFlags, slot);
    this.stats = WorkerStat.count * slot;
    this.firstLayer = parameterLayout(spec.widths).layers[0];
    // The claims' additions run before their tiles are done: there must be none (see tilesPerShard).
    if (layout.tilesPerShard > 0 && layout.claimSize !== 1) throw new Error(`einprop: first-layer tiles need claims of one shard, not ${layout.claimSize}`);
  }

  /** Does this slot's part of the phase published as `generation` (see phase-signal.ts; any Phase but stop). */
  serve(generation: number): void {
    const phase = phaseOf(generation);
    if (phase === Phase.shards) this.runShards(generation);
    else if (phase === Phase.update) this.update(generation);
    else if (phase === Phase.evaluate) this.evaluate();
    else if (phase === Phase.ready) this.prepare();
    else throw new Error(`einprop: slot ${this.slot} was asked for phase ${phase}, which it does not know`);
  }

  /**
   * Phase one: takes claims from the queue, its own first, while any are left; runs each claim's
   * shards (in passes), sums them as far as the tree allows, frees their first-layer tiles and
   * takes those itself first; then takes whatever tiles are free, from any shard, and waits for
   * more while threads still running claims will free some. Records who ran each claim and how
   * long it took, and how long it spent on tiles.
   */
  private runShards(generation: number): void {
    const { control, workerStats } = this.views;
    const batchStart = control[Control.batchStart];
    const batchRows = control[Control.batchRows];
    const work = this.shardWork(batchRows, control[Control.shards]);
    const claims = work.claims.length;
    const items = claims + work.tiles.length;
    // The test hook keeps a fault's claim for the slot whose own it is (see Fault).
    const reserved = this.reservedClaim(claims);
    this.stall();
    this.queue.begin(generation, items, reserved, claims);
    // The coordinator waits for tiles still to be freed only so long: it cannot see a worker die while
    // it waits here (piscina reports that through the event loop), so after that it leaves them to the workers.
    const until = this.slot === 0 ? performance.now() + COORDINATOR_WAIT_MILLISECONDS : Number.POSITIVE_INFINITY;
    for (;;) {
      const seen = this.queue.releases();
      const k = this.queue.take();
      if (k >= 0 && k < claims) this.runClaim(work, k, batchStart, batchRows, items);
      else if (k >= 0) this.runTile(work, k, items);
      else if (this.queue.settledAll() || !this.queue.awaitRelease(seen, until)) break;
    }
    // Between its items, a slot holds none; a failure message then names nothing of it.
    workerStats[this.stats + WorkerStat.item] = -1;
    this.linger(items);
  }

  /**
   * Runs claim `k` and its additions, records its ClaimStat words and reports it done; then frees
   * its shards' tiles and runs those that no other thread has taken meanwhile.
   */
  private runClaim(work: ShardWork, k: number, batchStart: number, batchRows: number, items: number): void {
    const { claimStats, workerStats } = this.views;
    const claim = work.claims[k];
    workerStats[this.stats + WorkerStat.item] = k;
    this.injectFault(k, Phase.shards);
    const seconds = this.runner.run(claim.shards, batchStart, batchRows);
    for (const add of claim.adds) add();
    claimStats[ClaimStat.count * k + ClaimStat.slot] = this.slot;
    claimStats[ClaimStat.count * k + ClaimStat.seconds] = seconds;
    if (claim.tilesTo > claim.tilesFrom) this.queue.release(claim.tilesFrom, claim.tilesTo);
    this.queue.complete(items);
    // Its shards' inputs and gradients are still in this core's caches.
    for (let t = claim.tilesFrom; t < claim.tilesTo; t++) if (this.queue.takeItem(t)) this.runTile(work, t, items);
  }

  /** Runs tile item `t` (see tileItem), adds its time to this slot's, and reports it done. */
  private runTile(work: ShardWork, t: number, items: number): void {
    const { workerStats } = this.views;
    workerStats[this.stats + WorkerStat.item] = t;
    const began = performance.now();
    work.tiles[t - work.claims.length]();
    workerStats[this.stats + WorkerStat.tileSeconds] += (performance.now() - began) / 1000;
    this.queue.complete(items);
  }

  /**
   * The ready phase, before any step is timed: plans and binds every claim and tile of the batch
   * shape in the control words and the reduction's additions (any thread may run any claim, tile or chunk), and
   * zeroes the gradient regions of claims slot, slot + threads, …, so that the threads share the
   * first touches of the pages (its own claim, which it takes first, among them).
   */
  private prepare(): void {
    const { control } = this.views;
    const { claims } = this.shardWork(control[Control.batchRows], control[Control.shards]);
    this.injectFault(this.slot, Phase.ready);
    for (const claim of claims) this.runner.prepare(claim.shards);
    this.runner.touch(claims.filter((_, k) => k % this.layout.threads === this.slot).map((claim) => claim.shards));
  }

  /**
   * Phase two: takes chunks of the parameters from the queue, its own first, while any are left; sums each one's
   * gradient, and applies it if it is finite, or else raises the nonfinite word.
   */
  private update(generation: number): void {
    const { control, controlReals, workerStats } = this.views;
    const { chunks } = this.reduction(control[Control.shards]);
    const lr = controlReals[ControlReal.lr];
    const t = control[Control.step];
    this.stall();
    this.queue.begin(generation, chunks.length);
    for (let k = this.queue.take(); k >= 0; k = this.queue.take()) {
      workerStats[this.stats + WorkerStat.item] = k;
      if (!updateRange(chunks[k], lr, t)) Atomics.store(control, Control.nonfinite, 1);
      this.queue.complete(chunks.length);
    }
    workerStats[this.stats + WorkerStat.item] = -1;
    this.linger(chunks.length);
  }

  /** Evaluate phase: counts the test samples of this slot's share (a contiguous run of the test set) classified right. */
  private evaluate(): void {
    this.injectFault(this.slot, Phase.evaluate);
    const share = shardRanges(this.layout.testCount, this.layout.threads)[this.slot];
    this.views.workerStats[this.stats + WorkerStat.correct] = share === undefined ? 0 : this.runner.countCorrect(share.start, share.rows);
  }

  /**
   * The claims and tiles of a minibatch of `batchRows` samples cut into at most `shards`, with
   * their additions and GEMMs bound (once per batch shape).
   */
  private shardWork(batchRows: number, shards: number): ShardWork {
    // Shards ≤ the layout's count, so this numbers the shapes without building a string every step.
    const key = batchRows * (this.layout.shards + 1) + shards;
    let work = this.workByShape.get(key);
    if (work === undefined) {
      const numbered = numberedShards(batchRows, shards);
      const { local } = this.reduction(numbered.length);
      const groups = claimGroups(numbered, this.layout.claimSize);
      const columns = this.layout.tilesPerShard === 0 ? [] : columnTiles(this.firstLayer.inputs, this.layout.tilesPerShard);
      const item = (shard: number): number => tileItem(groups.length, columns.length, shard, 0);
      const claims = groups.map((group, k) => ({
        shards: group,
        adds: local[k],
        tilesFrom: item(group[0].shard),
        tilesTo: item(group[group.length - 1].shard + 1),
      }));
      const tiles = numbered.flatMap((shard) => columns.map((range) => bindTile(this.views, this.firstLayer, shard.shard, shard, range)));
      work = { claims, tiles };
      this.workByShape.set(key, work);
    }
    return work;
  }

  /**
   * The sum of `shards` gradient regions, bound on first use: each claim's own additions (done by
   * whichever thread runs it) and each chunk of the rest (done by whichever thread takes the chunk in the update).
   */
  private reduction(shards: number): Reduction {
    let bound = this.reductions.get(shards);
    if (bound === undefined) {
      const claims = claimGroups(Array.from({ length: shards }, (_, s) => s), this.layout.claimSize);
      const { local, shared } = splitTree(shards, claims);
      const grads = this.views.shardGrads;
      bound = {
        local: local.map((adds) => bindAdds(grads, adds, 0, this.layout.paramCount)),
        chunks: updateChunks(this.layout.paramCount, this.layout.threads).map((range) => bindRangeUpdate(grads, shared, range, this.bindUpdate)),
      };
      this.reductions.set(shards, bound);
    }
    return bound;
  }

  /** A pool worker out of items waits a little for the phase to end (see lingerUntil); the coordinator waits for it anyway. */
  private linger(items: number): void {
    if (this.slot !== 0) this.queue.linger(items);
  }

  /**
   * Test hook: the claim that holds the shard of a fault armed for the shards phase, which only the
   * slot of the same number, whose own claim it is, takes (−1: none, or the batch has no such claim).
   */
  private reservedClaim(claims: number): number {
    const { control } = this.views;
    const shard = control[Control.faultShard];
    if (shard < 0 || control[Control.faultPhase] !== Phase.shards) return -1;
    const k = claimOf(shard, this.layout.claimSize);
    return k < claims ? k : -1;
  }

  /**
   * Test hook: the slot the coordinator named sleeps that long in a shared-work phase, after it has
   * read the phase's arguments and before it takes an item: it wakes holding them, often after the
   * coordinator has moved on, and must take nothing.
   */
  private stall(): void {
    const { control } = this.views;
    // Atomics.wait sleeps while the word holds this slot: nothing notifies it, so it sleeps the whole time.
    if (control[Control.stallSlot] === this.slot) Atomics.wait(control, Control.stallSlot, this.slot, control[Control.stallMilliseconds]);
  }

  /**
   * Test hook: fails in the way the coordinator asked, if `phase` is the one it named and claim `k`
   * (this slot's own, or the one kept for it) holds the shard it named (only a pool worker can exit).
   */
  private injectFault(k: number, phase: number): void {
    const { control } = this.views;
    const shard = control[Control.faultShard];
    if (shard < 0 || control[Control.faultPhase] !== phase || claimOf(shard, this.layout.claimSize) !== k) return;
    if (control[Control.faultKind] === FaultKind.exit && this.slot > 0) process.exit(70);
    throw new Error(`injected fault in shard ${shard}`);
  }
}
