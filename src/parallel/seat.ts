// One thread's part of each phase: its shards, its range of parameters, its share of the test set, its planning.

import type { NetworkSpec, Allocator } from '../nn/network.js';
import type { Optimizer } from '../optim/optimizer.js';
import { Control, ControlReal, FaultKind, type LayoutViews, Phase, type SharedLayout, WorkerStat } from './layout.js';
import { ShardRunner } from './shard-runner.js';
import { type NumberedShard, groupShards, numberedShards, shardRanges } from './shards.js';
import type { BoundStep } from '../kernels/bound-kernel.js';
import { splitTree } from './reduce.js';
import { type BoundRangeUpdate, type ParameterRange, bindAdds, bindRangeUpdate, parameterRanges, updateRange } from './update.js';

/** A slot's part of the gradient sum for one shard count (see splitTree). */
interface SlotReduction {
  /** Its group's own additions, over every parameter, after its shards. */
  readonly local: readonly BoundStep[];
  /** The shared additions over its range, the check and the update (none for a slot without a range). */
  readonly update: BoundRangeUpdate | undefined;
}

/**
 * The thread in slot `slot` of `layout.threads`: it runs shard group `slot`, parameter range `slot`
 * and share `slot` of the test set, reading each phase's arguments from the control words. The
 * coordinator sits in slot 0; pool workers in the others. Which thread holds which slot changes no
 * result: every shard and every range writes only its own regions, and the hit counts are summed.
 */
export class Seat {
  private readonly runner: ShardRunner;
  private readonly range: ParameterRange | undefined;
  private readonly stats: number;
  /** This slot's shards by batch shape: a run meets two shapes at most (full batches and the last one). */
  private readonly groups = new Map<string, readonly NumberedShard[]>();
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

  /** Phase one: runs this slot's group of the minibatch's shards (in passes), records the seconds spent, then sums within the group what the tree lets it. */
  private runShards(): void {
    const { control, workerStats } = this.views;
    const batchRows = control[Control.batchRows];
    const shards = control[Control.shards];
    const group = this.group(batchRows, shards);
    for (const { shard } of group) this.injectFault(shard, Phase.shards);
    workerStats[this.stats + WorkerStat.seconds] = this.runner.run(group, control[Control.batchStart], batchRows);
    for (const add of this.reduction(shards).local) add();
  }

  /**
   * The ready phase, before any step is timed: plans and binds this slot's group for the batch shape
   * in the control words (and zeroes the memory its passes write), and binds its part of the reduction.
   */
  private prepare(): void {
    const { control } = this.views;
    const group = this.group(control[Control.batchRows], control[Control.shards]);
    for (const { shard } of group) this.injectFault(shard, Phase.ready);
    this.runner.prepare(group);
    this.reduction(control[Control.shards]);
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
    for (const { shard } of this.group(control[Control.batchRows], control[Control.shards])) this.injectFault(shard, Phase.evaluate);
    const share = shardRanges(this.layout.testCount, this.layout.threads)[this.slot];
    this.views.workerStats[this.stats + WorkerStat.correct] = share === undefined ? 0 : this.runner.countCorrect(share.start, share.rows);
  }

  /** The shards of slot `slot` for a minibatch of `batchRows` cut into at most `shards` (this slot's are computed once per batch shape). */
  group(batchRows: number, shards: number, slot = this.slot): readonly NumberedShard[] {
    if (slot !== this.slot) return groupShards(numberedShards(batchRows, shards), this.layout.threads)[slot] ?? [];
    const key = `${batchRows}:${shards}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = groupShards(numberedShards(batchRows, shards), this.layout.threads)[slot] ?? [];
      this.groups.set(key, group);
    }
    return group;
  }

  /**
   * This slot's part of the sum of `shards` gradient regions, bound on first use: the additions
   * within its group (done after its shards) and its range of the rest (done in the update phase).
   */
  private reduction(shards: number): SlotReduction {
    let bound = this.reductions.get(shards);
    if (bound === undefined) {
      const indices = Array.from({ length: shards }, (_, s) => s);
      const { local, shared } = splitTree(shards, groupShards(indices, this.layout.threads));
      const grads = this.views.shardGrads;
      bound = {
        local: bindAdds(grads, local[this.slot] ?? [], 0, this.layout.paramCount),
        update: this.range === undefined ? undefined : bindRangeUpdate(grads, shared, this.range),
      };
      this.reductions.set(shards, bound);
    }
    return bound;
  }

  /** Test hook: fail in the way the coordinator asked, at the shard and in the phase it named (only a pool worker can exit). */
  private injectFault(shard: number, phase: number): void {
    const { control } = this.views;
    if (control[Control.faultShard] !== shard || control[Control.faultPhase] !== phase) return;
    if (control[Control.faultKind] === FaultKind.exit && this.slot > 0) process.exit(70);
    if (control[Control.faultKind] !== FaultKind.none) throw new Error(`injected fault in shard ${shard}`);
  }
}
