// Runs the shards a thread claims in passes (gather, forward, backward, each shard's gradient and loss); between epochs, its share of the test set.

import type { Allocator, GradientSlice, NetworkSpec } from '../nn/network.js';
import type { Storage } from '../tensor/dtype.js';
import { countHits } from '../kernels/count-hits.js';
import { type BoundGather, bindGatherRows } from '../kernels/gather-rows.js';
import { Network } from '../nn/network.js';
import { type LayoutViews, type SharedLayout, ShardStat } from './layout.js';
import type { NumberedShard } from './shards.js';

/**
 * Rows a pass takes at most: consecutive shards of a claim go together up to this many rows (a
 * shard larger than this goes alone). It bounds each thread's activation scratch whatever the batch size;
 * measured here, passes of 128 and of a whole group ran within noise of each other.
 */
export const PASS_ROWS = 512;

/**
 * Rows a network runs at a time when it evaluates (a thread's share of the test set, a restored
 * network's predictions), however few rows a training pass holds. Rows never interact, so the
 * outputs are the same bits whatever the chunking.
 */
export const EVALUATION_ROWS = 256;

/** The rows a thread's network is made for: its passes', or EVALUATION_ROWS if that is more. */
export function networkRows(maxPassRows: number): number {
  return Math.max(maxPassRows, EVALUATION_ROWS);
}

/** The most rows one pass can hold, for a thread whose claims hold at most `claimRows` in shards of at most `shardRows`. */
export function passRows(claimRows: number, shardRows: number): number {
  return Math.min(claimRows, Math.max(shardRows, PASS_ROWS));
}

/**
 * One thread's means of running shards: its own network scratch over the shared parameters.
 * Consecutive shards of a claim go through the network in passes of up to PASS_ROWS rows (each
 * weight matrix packed once a pass, larger GEMMs), and each shard's gradient and loss still go to
 * its own regions; rows do not interact, so the bits are those of shard-by-shard passes. Where the
 * step has first-layer tiles (see first-layer-tiles.ts), a pass leaves the first layer's weight
 * gradient to them: it copies its rows' inputs and first-layer ∂C/∂z into the first-layer store.
 */
export class ShardRunner {
  private readonly network: Network;
  private readonly labels: Int32Array;
  /** Copy a pass's samples' features into the network's input, and their labels beside it. */
  private readonly gatherInputs: BoundGather;
  private readonly gatherLabels: BoundGather;
  /** Each group's passes, by the group (a Seat keeps its claims per batch shape). */
  private readonly passes = new Map<readonly NumberedShard[], readonly Pass[]>();

  constructor(
    private readonly layout: SharedLayout,
    private readonly views: LayoutViews,
    spec: NetworkSpec,
    allocate: Allocator,
  ) {
    this.network = new Network(spec, views.params, networkRows(layout.maxPassRows), 'float32', allocate);
    // The labels live beside the activations in kernel memory, where the loss kernel reads them.
    const cells = allocate(layout.maxPassRows);
    this.labels = new Int32Array(cells.buffer, cells.byteOffset, layout.maxPassRows);
    this.gatherInputs = bindGatherRows(views.features, views.order, layout.featureCount, this.network.input);
    this.gatherLabels = bindGatherRows(views.labels, views.order, 1, this.labels);
  }

  /**
   * Runs consecutive shards of a minibatch of `batchSize` samples whose first sample is
   * order[batchStart]. Overwrites each shard's gradient region and ShardStat words; returns the seconds it took.
   */
  run(group: readonly NumberedShard[], batchStart: number, batchSize: number): number {
    const began = performance.now();
    for (const pass of this.passesOf(group)) this.pass(pass, batchStart, batchSize);
    return (performance.now() - began) / 1000;
  }

  /** Plans and binds the passes of `group` ahead of its first run. */
  prepare(group: readonly NumberedShard[]): void {
    for (const pass of this.passesOf(group)) this.network.prepare(pass.rows, pass.slices, this.labels, 0);
  }

  /**
   * Writes zeros through the gradient regions of `groups`' shards and the network's activations,
   * so that this thread takes their first-touch page faults before the first step rather than in
   * it; on a machine with several memory nodes the pages then also lie on this thread's node.
   */
  touch(groups: readonly (readonly NumberedShard[])[]): void {
    for (const group of groups) for (const { shard } of group) this.views.shardGrads[shard].fill(0);
    this.network.clearActivations();
  }

  /**
   * Between epochs the same network evaluates: counts the test samples from..from+rows−1 whose
   * largest output (the first, on ties) is at their label, up to networkRows(…) rows at a time.
   */
  countCorrect(from: number, rows: number): number {
    const { testFeatures, testLabels } = this.views;
    const width = this.layout.featureCount;
    const classes = this.network.spec.widths[this.network.depth];
    const most = this.network.maxRows;
    let correct = 0;
    for (let start = from; start < from + rows; start += most) {
      const chunk = Math.min(most, from + rows - start);
      this.network.input.set(testFeatures.subarray(start * width, (start + chunk) * width));
      correct += countHits(this.network.forward(chunk), testLabels, start, chunk, classes);
    }
    return correct;
  }

  /** The group cut into passes of consecutive shards that fit the network's rows, worked out once per group. */
  private passesOf(group: readonly NumberedShard[]): readonly Pass[] {
    const cached = this.passes.get(group);
    if (cached !== undefined) return cached;
    const passes: Pass[] = [];
    for (let from = 0; from < group.length; ) {
      let to = from + 1;
      let rows = group[from].rows;
      while (to < group.length && rows + group[to].rows <= this.layout.maxPassRows) rows += group[to++].rows;
      const shards = group.slice(from, to);
      const first = shards[0].start;
      const slices = shards.map((shard) => ({ start: shard.start - first, rows: shard.rows, grads: this.views.shardGrads[shard.shard] }));
      passes.push({ shards, first, rows, slices, store: this.layout.tilesPerShard === 0 ? undefined : this.storeOf(first, rows) });
      from = to;
    }
    this.passes.set(group, passes);
    return passes;
  }

  /** The network's views of a pass's first-layer inputs and ∂C/∂z, and their places in the store for the minibatch's rows first … first + rows − 1. */
  private storeOf(first: number, rows: number): PassStore {
    const inputs = this.layout.featureCount;
    const outputs = this.layout.firstOutputs;
    return {
      inputs: this.network.input.subarray(0, rows * inputs),
      deltas: this.network.firstDeltas(rows),
      storedInputs: this.views.firstInputs.subarray(first * inputs, (first + rows) * inputs),
      storedDeltas: this.views.firstDeltas.subarray(first * outputs, (first + rows) * outputs),
    };
  }

  /** One pass over consecutive shards that fit the network's rows. */
  private pass(pass: Pass, batchStart: number, batchSize: number): void {
    const { shardStats } = this.views;
    const from = batchStart + pass.first;
    this.gatherInputs(from, pass.rows);
    this.gatherLabels(from, pass.rows);
    this.network.forward(pass.rows);
    const { store } = pass;
    const results = this.network.backwardSlices(this.labels, 0, pass.rows, batchSize, pass.slices, store === undefined ? 'write' : 'leave');
    if (store !== undefined) {
      store.storedInputs.set(store.inputs);
      store.storedDeltas.set(store.deltas);
    }
    for (let i = 0; i < pass.shards.length; i++) {
      const stats = ShardStat.count * pass.shards[i].shard;
      shardStats[stats + ShardStat.lossSum] = results[i].lossSum;
      shardStats[stats + ShardStat.correct] = results[i].correct;
    }
  }
}

/** Consecutive shards a thread runs through the network together, and their slices of its rows. */
interface Pass {
  readonly shards: readonly NumberedShard[];
  /** The first shard's start in the minibatch. */
  readonly first: number;
  readonly rows: number;
  readonly slices: readonly GradientSlice[];
  /** Where the step has first-layer tiles: the network's input and first-layer ∂C/∂z for the pass's rows, and their places in the store. */
  readonly store: PassStore | undefined;
}

/** A pass's first-layer inputs and ∂C/∂z in the network, and their places in the first-layer store. */
interface PassStore {
  readonly inputs: Storage;
  readonly deltas: Storage;
  readonly storedInputs: Float32Array;
  readonly storedDeltas: Float32Array;
}
