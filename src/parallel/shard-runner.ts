// Runs a thread's group of shards in one pass: gather their samples, forward, backward, write each shard's gradient and loss.

import type { Allocator, GradientSlice, NetworkSpec } from '../nn/network.js';
import { Network } from '../nn/network.js';
import { type LayoutViews, type SharedLayout, ShardStat } from './layout.js';
import type { NumberedShard } from './shards.js';

/**
 * One thread's means of running shards: its own network scratch over the shared parameters.
 * A group of consecutive shards goes through the network as one pass of all their rows (each
 * weight matrix packed once for the group, larger GEMMs), and each shard's gradient and loss
 * still go to its own regions; rows do not interact, so the bits are those of shard-by-shard passes.
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
    this.network = new Network(spec, views.params, layout.maxGroupRows, 'float32', allocate);
    this.labels = new Int32Array(layout.maxGroupRows);
  }

  /**
   * Runs consecutive shards of a minibatch of `batchSize` samples whose first sample is
   * order[batchStart]. Overwrites each shard's gradient region and ShardStat words; returns the seconds it took.
   */
  run(group: readonly NumberedShard[], batchStart: number, batchSize: number): number {
    if (group.length === 0) return 0;
    const began = performance.now();
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
    return (performance.now() - began) / 1000;
  }
}
