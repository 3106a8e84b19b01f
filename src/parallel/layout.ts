// The one place that assigns regions of the shared kernel memory: every offset is computed here.

/** Every region starts on a 128-byte boundary, so no two shards' gradients share a cache line (or its neighbour). */
export const REGION_ALIGN = 128;

/** A region of the shared memory: a byte offset and a length in elements. */
export interface Region {
  readonly byteOffset: number;
  readonly length: number;
}

/** The sizes a layout is made from. */
export interface LayoutSizes {
  readonly paramCount: number;
  /** Shards per minibatch: one gradient region each. */
  readonly shards: number;
  /** The most samples a shard can hold. */
  readonly maxShardRows: number;
  readonly sampleCount: number;
  readonly featureCount: number;
  /** Optimiser state buffers of paramCount elements each. */
  readonly optimizerBuffers: readonly string[];
  /** Workers, each with a scratch region of `scratchBytes`. */
  readonly workers: number;
  readonly scratchBytes: number;
}

/** The Float64 words each shard reports in the shardStats region, by name. */
export const ShardStat = {
  /** Σ of the shard's per-sample losses. */
  lossSum: 0,
  /** Samples the shard classified right. */
  correct: 1,
  /** Words per shard. */
  count: 2,
} as const;

/** Control words (Int32) and what each holds. */
export const Control = {
  /** Workers claim their scratch slot by incrementing this word once, at start-up. */
  nextWorkerSlot: 0,
  /** Number of control words. */
  count: 4,
} as const;

/**
 * Where everything lives. Plain data: it is posted to each worker once, with the memory.
 * Float32 regions: params, grad, shardGrads, optimizer, features. Int32: labels, control.
 * Uint32: order. Float64: shardStats (ShardStat.count words per shard). Bytes: scratch.
 */
export interface SharedLayout extends LayoutSizes {
  readonly params: Region;
  /** The reduced gradient of the minibatch. */
  readonly grad: Region;
  readonly shardGrads: readonly Region[];
  readonly optimizer: Readonly<Record<string, Region>>;
  readonly features: Region;
  readonly labels: Region;
  /** The epoch's sample order, written once per epoch. */
  readonly order: Region;
  readonly shardStats: Region;
  readonly control: Region;
  readonly scratch: readonly Region[];
  /** Total bytes, from the first region's start. */
  readonly bytes: number;
}

/** Lays the regions out one after another from `base` (a byte offset aligned to REGION_ALIGN). */
export function planLayout(sizes: LayoutSizes, base: number): SharedLayout {
  let cursor = base;
  const take = (length: number, bytesPer: number): Region => {
    const region = { byteOffset: cursor, length };
    cursor = alignUp(cursor + length * bytesPer);
    return region;
  };
  const { paramCount } = sizes;
  const params = take(paramCount, 4);
  const grad = take(paramCount, 4);
  const shardGrads = Array.from({ length: sizes.shards }, () => take(paramCount, 4));
  const optimizer = Object.fromEntries(sizes.optimizerBuffers.map((name) => [name, take(paramCount, 4)]));
  const features = take(sizes.sampleCount * sizes.featureCount, 4);
  const labels = take(sizes.sampleCount, 4);
  const order = take(sizes.sampleCount, 4);
  const shardStats = take(ShardStat.count * sizes.shards, 8);
  const control = take(Control.count, 4);
  const scratch = Array.from({ length: sizes.workers }, () => take(sizes.scratchBytes, 1));
  return { ...sizes, params, grad, shardGrads, optimizer, features, labels, order, shardStats, control, scratch, bytes: cursor - base };
}

/** Typed views of a layout's regions over the memory's buffer. */
export interface LayoutViews {
  readonly params: Float32Array;
  readonly grad: Float32Array;
  readonly shardGrads: readonly Float32Array[];
  readonly optimizer: Readonly<Record<string, Float32Array>>;
  readonly features: Float32Array;
  readonly labels: Int32Array;
  readonly order: Uint32Array;
  readonly shardStats: Float64Array;
  readonly control: Int32Array;
}

/** Makes the views of a layout over `buffer` (the shared memory's SharedArrayBuffer). */
export function layoutViews(layout: SharedLayout, buffer: ArrayBufferLike): LayoutViews {
  const f32 = (r: Region): Float32Array => new Float32Array(buffer, r.byteOffset, r.length);
  return {
    params: f32(layout.params),
    grad: f32(layout.grad),
    shardGrads: layout.shardGrads.map(f32),
    optimizer: Object.fromEntries(Object.entries(layout.optimizer).map(([name, r]) => [name, f32(r)])),
    features: f32(layout.features),
    labels: new Int32Array(buffer, layout.labels.byteOffset, layout.labels.length),
    order: new Uint32Array(buffer, layout.order.byteOffset, layout.order.length),
    shardStats: new Float64Array(buffer, layout.shardStats.byteOffset, layout.shardStats.length),
    control: new Int32Array(buffer, layout.control.byteOffset, layout.control.length),
  };
}

/** Rounds a byte offset up to REGION_ALIGN. */
export function alignUp(bytes: number): number {
  return Math.ceil(bytes / REGION_ALIGN) * REGION_ALIGN;
}
