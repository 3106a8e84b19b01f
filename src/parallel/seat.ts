// One thread's part of each phase: the claims, first-layer tiles and update chunks it takes, its share of the held-out sets, its binding of the plans.

import type { BoundStep } from '../kernels/bound-kernel.js';
import type { NetworkSpec, Allocator } from '../nn/network.js';
import type { TargetKind } from '../nn/targets.js';
import type { OptimizerConfig } from '../optim/optimizer-config.js';
import type { BindRange } from '../optim/update-rule.js';
import { parameterLayout } from '../nn/parameters.js';
import { bindTile } from './first-layer-tiles.js';
import { ClaimStat, Control, ControlReal, EvalSet, type LayoutViews, Phase, WorkerStat } from './layout.js';
import { phaseOf } from './phase-signal.js';
import { type BoundPass, type RunnerViews, ShardRunner } from './shard-runner.js';
import type { ClaimPlan, StepPlan } from './step-plan.js';
import { type BoundRangeUpdate, type UpdateViews, bindRangeUpdate, bindSharedUpdate, updateRange } from './update.js';
import { WorkQueue } from './work-queue.js';

/** The regions a seat reads and writes: its runner's, the update's, and the words of the phases. */
export type SeatViews = RunnerViews & UpdateViews & Pick<LayoutViews, 'partialSums' | 'control' | 'controlReals' | 'itemFlags' | 'claimStats' | 'workerStats'>;

/** How long the coordinator waits in a shards phase for tiles that running claims will free: a worker dying meanwhile is seen that much later. */
const COORDINATOR_WAIT_MILLISECONDS = 20;

/** What serves a slot's part of each phase published as `generation`: a Seat, or a test's wrapper around one. */
export interface PhaseServer {
  serve(generation: number): void;
}

/** A step plan bound to this thread, so that any thread may run any claim, tile or chunk of it. */
interface BoundPlan {
  readonly claims: readonly BoundClaim[];
  /** Tile item claims.length + t is tiles[t]. */
  readonly tiles: readonly BoundStep[];
  readonly chunks: readonly BoundRangeUpdate[];
}

/** A claim's passes, bound to its sum and this thread's partial sums. */
interface BoundClaim {
  readonly plan: ClaimPlan;
  readonly passes: readonly BoundPass[];
}

/**
 * The thread in slot `slot`. In a step it takes claims, then first-layer tiles, then chunks of the
 * update from the work queue, its own first; between epochs it scores share `slot` of a held-out
 * set's chunks. Which thread runs which item changes no result: each writes only its own regions.
 */
export class Seat implements PhaseServer {
  private readonly runner: ShardRunner;
  private readonly queue: WorkQueue;
  private readonly stats: number;
  private readonly threads: number;
  /** This thread's partial sums. */
  private readonly partials: readonly Float32Array[];
  /** The plans, bound in the ready phase. */
  private bound: readonly BoundPlan[] = [];
  /** This thread's chunks of each held-out set, by EvalSet, bound in the ready phase. */
  private evaluations: readonly (readonly BoundStep[])[] = [];
  /** The optimiser's update over the shared state, bound per chunk. */
  private readonly bindUpdate: BindRange;

  constructor(
    readonly views: SeatViews,
    readonly slot: number,
    readonly plans: readonly StepPlan[],
    private readonly spec: NetworkSpec,
    optim: OptimizerConfig,
    targets: TargetKind,
    allocate: Allocator,
  ) {
    const { depth, sizes } = plans[0];
    this.partials = views.partialSums.slice(slot * depth, (slot + 1) * depth);
    this.runner = new ShardRunner(views, this.partials, spec, plans[0], targets, allocate);
    this.queue = new WorkQueue(views.control, views.itemFlags, slot);
    this.stats = WorkerStat.count * slot;
    this.threads = sizes.threads;
    this.bindUpdate = bindSharedUpdate(optim, views);
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
   * Phase one: takes claims, its own first, and runs each; then takes free tiles, waiting for more
   * while threads still running claims will free some.
   */
  private runShards(generation: number): void {
    const { control, workerStats } = this.views;
    const batchStart = control[Control.batchStart];
    const index = control[Control.plan];
    const work = this.bound[index];
    const { batchRows } = this.plans[index];
    const claims = work.claims.length;
    const items = claims + work.tiles.length;
    this.queue.begin(generation, items, claims);
    // The coordinator cannot see a worker die while it waits here (piscina reports that through the event loop): it waits only so long.
    const until = this.slot === 0 ? performance.now() + COORDINATOR_WAIT_MILLISECONDS : Number.POSITIVE_INFINITY;
    for (;;) {
      const seen = this.queue.releases();
      const k = this.queue.take();
      if (k >= 0 && k < claims) this.runClaim(work, k, batchStart, batchRows, items);
      else if (k >= 0) this.runTile(work, k, items);
      else if (this.queue.settledAll() || !this.queue.awaitRelease(seen, until)) break;
    }
    workerStats[this.stats + WorkerStat.item] = -1;
    this.linger(items);
  }

  /** Runs claim `k` into its sum, records its ClaimStat words, frees its tiles and runs those no other thread has taken. */
  private runClaim(work: BoundPlan, k: number, batchStart: number, batchRows: number, items: number): void {
    const { claimStats, workerStats } = this.views;
    const claim = work.claims[k];
    workerStats[this.stats + WorkerStat.item] = k;
    const seconds = this.runner.run(claim.passes, batchStart, batchRows);
    claimStats[ClaimStat.count * k + ClaimStat.slot] = this.slot;
    claimStats[ClaimStat.count * k + ClaimStat.seconds] = seconds;
    const { tilesFrom, tilesTo } = claim.plan;
    if (tilesTo > tilesFrom) this.queue.release(tilesFrom, tilesTo);
    this.queue.complete(items);
    // Its shards' inputs and gradients are still in this core's caches.
    for (let t = tilesFrom; t < tilesTo; t++) if (this.queue.takeItem(t)) this.runTile(work, t, items);
  }

  /** Runs tile item `t`, adds its time to this slot's, and reports it done. */
  private runTile(work: BoundPlan, t: number, items: number): void {
    const { workerStats } = this.views;
    workerStats[this.stats + WorkerStat.item] = t;
    const began = performance.now();
    work.tiles[t - work.claims.length]();
    workerStats[this.stats + WorkerStat.tileSeconds] += (performance.now() - began) / 1000;
    this.queue.complete(items);
  }

  /**
   * The ready phase, before any step is timed: binds every plan and its chunks of the held-out sets, and
   * zeroes this thread's partial sums and the sums of claims slot, slot + threads, …, so that the threads
   * share the pages' first touches.
   */
  private prepare(): void {
    this.bound = this.plans.map((plan) => this.bind(plan));
    this.evaluations = Array.from({ length: EvalSet.count }, (_, set) => this.runner.bindEvaluation(set, this.slot, this.threads));
    const sums = this.views.claimSums.filter((_, k) => k % this.threads === this.slot);
    this.runner.touch([...this.partials, ...sums]);
  }

  /** Phase two: takes chunks of the parameters, its own first; sums each one's gradient and applies it if finite, else raises the nonfinite word. */
  private update(generation: number): void {
    const { control, controlReals, workerStats } = this.views;
    const { chunks } = this.bound[control[Control.plan]];
    const lr = controlReals[ControlReal.lr];
    const t = control[Control.step];
    this.queue.begin(generation, chunks.length);
    for (let k = this.queue.take(); k >= 0; k = this.queue.take()) {
      workerStats[this.stats + WorkerStat.item] = k;
      if (!updateRange(chunks[k], lr, t)) Atomics.store(control, Control.nonfinite, 1);
      this.queue.complete(chunks.length);
    }
    workerStats[this.stats + WorkerStat.item] = -1;
    this.linger(chunks.length);
  }

  /** Evaluate phase: scores this slot's chunks of the held-out set the control words name, into their outputs and EvalStat words. */
  private evaluate(): void {
    const chunks = this.evaluations[this.views.control[Control.evalSet]];
    for (let c = 0; c < chunks.length; c++) chunks[c]();
  }

  /** Binds a plan's claims, tiles and chunks to this thread's network, partial sums and kernels. */
  private bind(plan: StepPlan): BoundPlan {
    const sums = this.views.claimSums;
    const store = plan.tileColumns.length > 0;
    const firstLayer = parameterLayout(this.spec.widths).layers[0];
    return {
      claims: plan.claims.map((claim, k) => ({ plan: claim, passes: claim.passes.map((pass) => this.runner.bindPass(pass, sums[k], store)) })),
      tiles: plan.tiles.map(({ shard, claim, columns }) => bindTile(this.views, firstLayer, shard, sums[claim], columns)),
      chunks: plan.chunks.map((range) => bindRangeUpdate(sums, plan.shared, range, this.bindUpdate)),
    };
  }

  /** A pool worker out of items waits a little for the phase to end (see lingerUntil); the coordinator waits for it anyway. */
  private linger(items: number): void {
    if (this.slot !== 0) this.queue.linger(items);
  }
}
