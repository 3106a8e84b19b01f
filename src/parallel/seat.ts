// One thread's part of each phase: the shards it claims, its range of parameters, its share of the test set, its planning.

import type { NetworkSpec, Allocator } from '../nn/network.js';
import type { Optimizer } from '../optim/optimizer.js';
import { Control, ControlReal, FaultKind, type LayoutViews, Phase, type SharedLayout, WorkerStat } from './layout.js';
import { ShardRunner } from './shard-runner.js';
import { type NumberedShard, claimGroups, numberedShards, shardRanges } from './shards.js';
import type { BoundStep } from '../kernels/bound-kernel.js';
import { splitTree } from './reduce.js';
import { type BoundRangeUpdate, type ParameterRange, bindAdds, bindRangeUpdate, parameterRanges, updateRange } from './update.js';

/** A slot's part of the gradient sum for one shard count (see splitTree). */
interface SlotReduction {
  /** Each claim's own additions, over every parameter: whichever thread ran the claim does them, straight after. */
  readonly local: readonly (readonly BoundStep[])[];
  /** The shared additions over its range, the check and the update (none for a slot without a range). */
  readonly update: BoundRangeUpdate | undefined;
}

/** Consecutive shards a thread runs at a time, and the reduction's additions that sum them. */
interface Claim {
  readonly shards: readonly NumberedShard[];
  readonly adds: readonly BoundStep[];
}

/**
 * The thread in slot `slot` of `layout.threads`. In a step it runs claim `slot` of the minibatch's
 * shards, then claims others while any are left, first come first served; in the update it takes
 * parameter range `slot`, and between epochs share `slot` of the test set. It reads each phase's
 * arguments from the control words. The coordinator sits in slot 0; pool workers in the others.
 * Which thread holds which slot, or runs which claim, changes no result: every shard and every
 * range writes only its own regions, each claim's additions touch only its own shards' regions,
 * and the hit counts are summed.
 */
export class Seat {
  private readonly runner: ShardRunner;
  private readonly range: ParameterRange | undefined;
  private readonly stats: number;
  /** The claims by batch shape: a run meets two shapes at most (full batches and the last one). */
  private readonly claimsByShape = new Map<number, readonly Claim[]>();
  /** This slot's part of the reduction, bound per shard count (a run meets one or two). */
  private readonly reductions = new Map<number, SlotReduction>();

  constructor(
    private readonly layout: SharedLayout,
    private readonly views: LayoutViews,
    readonly slot: number,
    spec: NetworkSpec,
    private readonly optimizer: Optimizer,
    allocate: Allocator,
  ) {
    this.runner = new ShardRunner(layout, views, spec, allocate);
    this.range = parameterRanges(layout.paramCount, layout.threads)[slot];
    this.stats = WorkerStat.count * slot;
  }

  /** Does this slot's part of `phase` (a Phase value other than stop). */
  serve(phase: number): void {
    if (phase === Phase.shards) this.runShards();
    else if (phase === Phase.update) this.update();
    else if (phase === Phase.evaluate) this.evaluate();
    else if (phase === Phase.ready) this.prepare();
    else throw new Error(`einprop: slot ${this.slot} was asked for phase ${phase}, which it does not know`);
  }

  /**
   * Phase one: runs claim `slot`, then claims the rest one at a time while any are left; runs each
   * claim's shards (in passes), then sums them as far as the tree allows. Records the seconds spent
   * running shards.
   */
  private runShards(): void {
    const { control, workerStats } = this.views;
    const batchStart = control[Control.batchStart];
    const batchRows = control[Control.batchRows];
    const claims = this.claims(batchRows, control[Control.shards]);
    const threads = this.layout.threads;
    let seconds = 0;
    // Claims 0 … threads − 1 are each slot's own; the counter hands out the rest.
    for (let k = this.slot; k < claims.length; k = threads + Atomics.add(control, Control.claimed, 1)) {
      const claim = claims[k];
      workerStats[this.stats + WorkerStat.claim] = k;
      if (k === this.slot) this.injectFaults(claim.shards, Phase.shards);
      seconds += this.runner.run(claim.shards, batchStart, batchRows);
      for (const add of claim.adds) add();
    }
    // Between steps no claim is running; a failure message reads −1 for a slot that has not begun.
    workerStats[this.stats + WorkerStat.claim] = -1;
    workerStats[this.stats + WorkerStat.seconds] = seconds;
  }

  /**
   * The ready phase, before any step is timed: plans and binds every claim of the batch shape in
   * the control words (any thread may run any claim) and this slot's part of the reduction, and
   * zeroes the memory that its share of the claims writes (claims slot, slot + threads, …).
   */
  private prepare(): void {
    const { control } = this.views;
    const claims = this.claims(control[Control.batchRows], control[Control.shards]);
    this.injectFaults(this.ownClaim(claims), Phase.ready);
    for (const claim of claims) this.runner.prepare(claim.shards);
    this.runner.touch(claims.filter((_, k) => k % this.layout.threads === this.slot).map((claim) => claim.shards));
  }

  /** Phase two: sums and applies this slot's range of the parameters, recording whether its gradient was finite. */
  private update(): void {
    const { control, controlReals, workerStats } = this.views;
    const bound = this.reduction(control[Control.shards]).update;
    const finite = bound === undefined || updateRange(this.views, this.optimizer, bound, controlReals[ControlReal.lr], control[Control.step]);
    workerStats[this.stats + WorkerStat.finite] = finite ? 1 : 0;
  }

  /** Evaluate phase: counts the test samples of this slot's share (a contiguous run of the test set) classified right. */
  private evaluate(): void {
    const { control } = this.views;
    this.injectFaults(this.ownClaim(this.claims(control[Control.batchRows], control[Control.shards])), Phase.evaluate);
    const share = shardRanges(this.layout.testCount, this.layout.threads)[this.slot];
    this.views.workerStats[this.stats + WorkerStat.correct] = share === undefined ? 0 : this.runner.countCorrect(share.start, share.rows);
  }

  /** The claims of a minibatch of `batchRows` samples cut into at most `shards`, with their additions bound (once per batch shape). */
  private claims(batchRows: number, shards: number): readonly Claim[] {
    // Shards ≤ the layout's count, so this numbers the shapes without building a string every step.
    const key = batchRows * (this.layout.shards + 1) + shards;
    let claims = this.claimsByShape.get(key);
    if (claims === undefined) {
      const numbered = numberedShards(batchRows, shards);
      const { local } = this.reduction(numbered.length);
      claims = claimGroups(numbered, this.layout.claimSize).map((group, k) => ({ shards: group, adds: local[k] }));
      this.claimsByShape.set(key, claims);
    }
    return claims;
  }

  /** This slot's own claim's shards (none for a slot past the claims). */
  private ownClaim(claims: readonly Claim[]): readonly NumberedShard[] {
    return claims[this.slot]?.shards ?? [];
  }

  /**
   * This slot's part of the sum of `shards` gradient regions, bound on first use: each claim's own
   * additions (done by whichever thread runs it) and this slot's range of the rest (done in the update phase).
   */
  private reduction(shards: number): SlotReduction {
    let bound = this.reductions.get(shards);
    if (bound === undefined) {
      const claims = claimGroups(Array.from({ length: shards }, (_, s) => s), this.layout.claimSize);
      const { local, shared } = splitTree(shards, claims);
      const grads = this.views.shardGrads;
      bound = {
        local: local.map((adds) => bindAdds(grads, adds, 0, this.layout.paramCount)),
        update: this.range === undefined ? undefined : bindRangeUpdate(grads, shared, this.range),
      };
      this.reductions.set(shards, bound);
    }
    return bound;
  }

  /**
   * Test hook: fail in the way the coordinator asked, if `phase` is the one it named and `shards`
   * (this slot's own claim) hold the shard it named (only a pool worker can exit).
   */
  private injectFaults(shards: readonly NumberedShard[], phase: number): void {
    const { control } = this.views;
    const shard = control[Control.faultShard];
    if (shard < 0 || control[Control.faultPhase] !== phase || !shards.some((s) => s.shard === shard)) return;
    if (control[Control.faultKind] === FaultKind.exit && this.slot > 0) process.exit(70);
    if (control[Control.faultKind] !== FaultKind.none) throw new Error(`injected fault in shard ${shard}`);
  }
}
