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

/** Rows a claim should hold at least, where that still leaves a claim for every thread: a pass packs each weight matrix once. */
export const MIN_CLAIM_ROWS = 64;

/**
 * How many consecutive shards a thread claims at a time, for `shards` shards of about `shardRows`
 * rows on `threads` threads: all of them on one thread; else about half a thread's fair share, so
 * that a thread the machine slows holds a step up by one claim, not its share (see WorkQueue), but
 * at least MIN_CLAIM_ROWS rows and never so many that a thread has none. A power of two, so that a
 * claim's shards are whole subtrees of the reduction (see sumLevel). The bits do not depend on it.
 */
export function claimSize(shards: number, threads: number, shardRows: number): number {
  if (threads <= 1) return ceilPowerOfTwo(shards);
  const half = floorPowerOfTwo(shards / (2 * threads));
  const enoughRows = ceilPowerOfTwo(Math.ceil(MIN_CLAIM_ROWS / Math.max(1, shardRows)));
  const everyThread = floorPowerOfTwo(Math.floor(shards / threads));
  return Math.min(everyThread, Math.max(half, enoughRows));
}

/** Cuts a minibatch's shards into claims: consecutive runs of `size` shards, the last one shorter if need be. */
export function claimGroups<T>(shards: readonly T[], size: number): T[][] {
  const claims: T[][] = [];
  for (let first = 0; first < shards.length; first += size) claims.push(shards.slice(first, first + size));
  return claims;
}

/** The largest power of two ≤ x, or 1 for x < 2. */
function floorPowerOfTwo(x: number): number {
  let p = 1;
  while (p * 2 <= x) p *= 2;
  return p;
}

/** The smallest power of two ≥ x (1 for x ≤ 1). */
function ceilPowerOfTwo(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}

/** One shard of a minibatch, numbered: its index names its ShardStat words. */
export interface NumberedShard extends ShardRange {
  readonly shard: number;
}

/** The numbered shards of a minibatch of `batchRows` samples cut into at most `shards`. */
export function numberedShards(batchRows: number, shards: number): NumberedShard[] {
  return shardRanges(batchRows, shards).map((range, shard) => ({ shard, ...range }));
}
