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

/**
 * Cuts a minibatch's shards into at most `groups` contiguous groups of near-equal size: group g
 * is what the worker in slot g runs. Every shard writes only its own regions, so the grouping
 * changes who computes a shard, never what it computes.
 */
export function groupShards<T>(shards: readonly T[], groups: number): T[][] {
  const count = Math.min(groups, shards.length);
  const out: T[][] = [];
  for (let g = 0; g < count; g++) {
    out.push(shards.slice(Math.floor((g * shards.length) / count), Math.floor(((g + 1) * shards.length) / count)));
  }
  return out;
}

/** One shard of a minibatch, numbered: its index names its gradient region and its ShardStat words. */
export interface NumberedShard extends ShardRange {
  readonly shard: number;
}

/** The numbered shards of a minibatch of `batchRows` samples cut into at most `shards`. */
export function numberedShards(batchRows: number, shards: number): NumberedShard[] {
  return shardRanges(batchRows, shards).map((range, shard) => ({ shard, ...range }));
}
