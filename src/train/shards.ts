// How a minibatch is cut into shards: from the batch size alone, never from the thread count.

/** The most shards a minibatch is cut into by default. */
export const MAX_DEFAULT_SHARDS = 16;

/** The smallest shard the default decomposition makes, in samples. */
export const MIN_DEFAULT_SHARD_ROWS = 16;

/**
 * The default number of shards for a batch size: as many shards of at least
 * MIN_DEFAULT_SHARD_ROWS samples as fit, at most MAX_DEFAULT_SHARDS (128 → 8, 1024 → 16, 1 → 1).
 */
export function defaultShardCount(batchSize: number): number {
  return Math.max(1, Math.min(MAX_DEFAULT_SHARDS, Math.floor(batchSize / MIN_DEFAULT_SHARD_ROWS)));
}

/** One shard of a minibatch: `rows` samples starting `start` samples into the batch. */
export interface ShardRange {
  readonly start: number;
  readonly rows: number;
}

/**
 * Cuts `batchRows` samples into at most `shards` contiguous ranges whose sizes differ by at
 * most one, larger ones first. A short last batch of an epoch gets fewer shards, never empty ones.
 */
export function shardRanges(batchRows: number, shards: number): ShardRange[] {
  const count = Math.max(1, Math.min(shards, batchRows));
  const base = Math.floor(batchRows / count);
  const extra = batchRows % count;
  const ranges: ShardRange[] = [];
  let start = 0;
  for (let s = 0; s < count; s++) {
    const rows = base + (s < extra ? 1 : 0);
    ranges.push({ start, rows });
    start += rows;
  }
  return ranges;
}
