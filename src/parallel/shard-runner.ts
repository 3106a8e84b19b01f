// Runs a thread's group of shards in one pass: gather their samples, forward, backward, write each shard's gradient and loss.

import type { Allocator, GradientSlice, NetworkSpec } from '../nn/network.js';
import { Network } from '../nn/network.js';
import { type LayoutViews, type SharedLayout, ShardStat } from './layout.js';
import type { NumberedShard } from './shards.js';

/**
 * Rows a pass takes at most: consecutive shards go together up to this many rows (a shard larger
 * than this goes alone). It bounds each thread's activation scratch whatever the batch size;
 * measured here, passes of 128 and of a whole group ran within noise of each other.
 */
export const PASS_ROWS = 512;

/** The most rows one pass can hold, for a thread whose groups hold at most `groupRows` in shards of at most `shardRows`. */
export function passRows(groupRows: number, shardRows: number): number {
  return Math.min(groupRows, Math.max(shardRows, PASS_ROWS));
}

/**
 * One thread's means of running shards: its own network scratch over the shared parameters.
 * Consecutive shards of its group go through the network in passes of up to PASS_ROWS rows (each
 * weight matrix packed once a pass, larger GEMMs), and each shard's gradient and loss still go to
 * its own regions; rows do not interact, so the bits are those of shard-by-shard passes.
 */
export class ShardRunner {
  private readonly network: Network;
  private readonly labels: Int32Array;

  constructor(
    private readonly layout: SharedLayout,
    private readonly views: LayoutViews,
    spec: NetworkSpec,
    allocate: Allocator,
  ) {
    this.network = new Network(spec, views.params, layout.maxPassRows, 'float32', allocate);
    this.labels = new Int32Array(layout.maxPassRows);
  }

  /**
   * Runs consecutive shards of a minibatch of `batchSize` samples whose first sample is
   * order[batchStart]. Overwrites each shard's gradient region and ShardStat words; returns the seconds it took.
   */
  run(group: readonly NumberedShard[], batchStart: number, batchSize: number): number {
    const began = performance.now();
    for (let from = 0; from < group.length; ) {
      let to = from + 1;
      let rows = group[from].rows;
      while (to < group.length && rows + group[to].rows <= this.layout.maxPassRows) rows += group[to++].rows;
      this.pass(group.slice(from, to), batchStart, batchSize);
      from = to;
    }
    return (performance.now() - began) / 1000;
  }

  /** One pass over consecutive shards that fit the network's rows. */
  private pass(group: readonly NumberedShard[], batchStart: number, batchSize: number): void {
    const { features, labels, order, shardGrads, shardStats } = this.views;
    const first = group[0].start;
    const rows = group[group.length - 1].start + group[group.length - 1].rows - first;
    const width = this.layout.featureCount;
    const input = this.network.input;
    for (let r = 0; r < rows; r++) {
      const sample = order[batchStart + first + r];
      const from = sample * width;
      const to = r * width;
      for (let i = 0; i < width; i++) input[to + i] = features[from + i];
      this.labels[r] = labels[sample];
    }
    this.network.forward(rows);
    const slices: GradientSlice[] = group.map((shard) => ({ start: shard.start - first, rows: shard.rows, grads: shardGrads[shard.shard] }));
    const results = this.network.backwardSlices(this.labels, 0, rows, batchSize, slices);
    for (const [i, shard] of group.entries()) {
      const stats = ShardStat.count * shard.shard;
      shardStats[stats + ShardStat.lossSum] = results[i].lossSum;
      shardStats[stats + ShardStat.correct] = results[i].correct;
    }
  }
}
