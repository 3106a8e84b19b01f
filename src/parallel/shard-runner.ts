// Runs one shard: gather its samples, forward, backward, write its gradient and loss into shared memory.

import type { Allocator, NetworkSpec } from '../nn/network.js';
import { Network } from '../nn/network.js';
import { type LayoutViews, type SharedLayout, ShardStat } from './layout.js';

/** One thread's means of running shards: its own network scratch over the shared parameters. */
export class ShardRunner {
  private readonly network: Network;
  private readonly labels: Int32Array;

  constructor(
    private readonly layout: SharedLayout,
    private readonly views: LayoutViews,
    spec: NetworkSpec,
    allocate: Allocator,
  ) {
    this.network = new Network(spec, views.params, layout.maxShardRows, 'float32', allocate);
    this.labels = new Int32Array(layout.maxShardRows);
  }

  /**
   * Runs shard `shard`: samples order[start … start+rows) of a minibatch of `batchSize`.
   * Overwrites the shard's gradient region and its ShardStat words; returns the seconds it took.
   */
  run(shard: number, start: number, rows: number, batchSize: number): number {
    const began = performance.now();
    const { features, labels, order, shardGrads, shardStats } = this.views;
    const width = this.layout.featureCount;
    const input = this.network.input;
    for (let r = 0; r < rows; r++) {
      const sample = order[start + r];
      const from = sample * width;
      const to = r * width;
      for (let i = 0; i < width; i++) input[to + i] = features[from + i];
      this.labels[r] = labels[sample];
    }
    this.network.forward(rows);
    const result = this.network.backward(this.labels, 0, rows, batchSize, shardGrads[shard]);
    const stats = ShardStat.count * shard;
    shardStats[stats + ShardStat.lossSum] = result.lossSum;
    shardStats[stats + ShardStat.correct] = result.correct;
    return (performance.now() - began) / 1000;
  }
}
