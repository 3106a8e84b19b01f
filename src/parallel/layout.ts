// The one place that assigns regions of the shared kernel memory: every offset is computed here.

import { firstStoreElements } from './first-layer-tiles.js';

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
  /** The most samples one pass of a thread's shards holds (see passRows in shard-runner.ts). */
  readonly maxPassRows: number;
  /** Shards a thread claims at a time (see claimSize in shards.ts). */
  readonly claimSize: number;
  /** The most samples a minibatch holds: the rows of the first-layer store. */
  readonly batchRows: number;
  /** Outputs of the first layer (its inputs are featureCount). */
  readonly firstOutputs: number;
  /** Column tiles of the first layer's weight gradient per shard (see first-layer-tiles.ts); 0: each pass writes it. */
  readonly tilesPerShard: number;
  readonly sampleCount: number;
  readonly featureCount: number;
  /** Samples in the test set, which every thread evaluates a share of after each epoch. */
  readonly testCount: number;
  /** Optimiser state buffers of paramCount elements each. */
  readonly optimizerBuffers: readonly string[];
  /**
   * Threads that run a step: slot 0 is the coordinator's own thread, slots 1 … threads − 1 are
   * pool workers, each with a scratch region of `scratchBytes`.
   */
  readonly threads: number;
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

/** The Float64 words each claim of the last shards phase reports in the claimStats region, by name. */
export const ClaimStat = {
  /** The slot of the thread that ran it. */
  slot: 0,
  /** Seconds that thread spent computing the claim's shards. */
  seconds: 1,
  /** Words per claim. */
  count: 2,
} as const;

/** The Float64 words each worker reports in the workerStats region, by name. */
export const WorkerStat = {
  /** The generation word of the last phase it finished that waits for every thread: a worker that died has an older one. */
  generation: 0,
  /** Test samples of its share it classified right in the last evaluate phase. */
  correct: 1,
  /**
   * The work item it is running in a shared-work phase: a claim of shards, a first-layer tile, or a
   * chunk of parameters (−1: none, between its items). Failures name what it holds.
   */
  item: 2,
  /** 1 once the worker has thrown (it sets this, then rethrows), so that a failure names it and not the healthy ones. */
  failed: 3,
  /** Seconds it spent on tiles of the first layer's weight gradient in the last shards phase. */
  tileSeconds: 4,
  /** Its worker_threads threadId, written when it takes its slot, so that a worker's exit names its slot. */
  threadId: 5,
  /** Words per worker. */
  count: 6,
} as const;

/** Control words (Int32) and what each holds: the coordinator writes a phase's arguments, then `generation`. */
export const Control = {
  /** Pool workers claim their slot by incrementing this word once, at start-up (it starts at 1: slot 0 is the coordinator). */
  nextWorkerSlot: 0,
  /**
   * The phase now running, as one word: a count of phases started, times 8, plus the Phase
   * value (see phase-signal.ts). Written by the coordinator to start a phase; workers wait for it to change.
   */
  generation: 1,
  /** Items of the current shared-work phase finished (claims and tiles, or chunks; see WorkQueue). */
  completed: 2,
  /** Pool workers that have finished the current phase, in a phase that waits for every thread. */
  done: 3,
  /** Shards phase: the minibatch's first position in the epoch order. */
  batchStart: 4,
  /** Shards phase: samples in the minibatch. */
  batchRows: 5,
  /** Both phases: the number of shards the minibatch is cut into. */
  shards: 6,
  /** Update phase: the optimiser's step number t. */
  step: 7,
  /** Test hook: the shard whose worker fails (−1: none), how (a FaultKind), and in which Phase. */
  faultShard: 8,
  faultKind: 9,
  faultPhase: 10,
  /** Update phase: set to 1 by a chunk whose summed gradient held a NaN or ±Inf. */
  nonfinite: 11,
  /** Test hook: a slot that sleeps `stallMilliseconds` in each shared-work phase, before it takes work (−1: none). */
  stallSlot: 12,
  stallMilliseconds: 13,
  /** Shards phase: bumped (and notified) each time a thread frees the tiles of shards it has run (see WorkQueue.release). */
  released: 14,
  /** Number of control words. */
  count: 16,
} as const;

/** The Float64 arguments of a phase. */
export const ControlReal = {
  /** Update phase: the learning rate. */
  lr: 0,
  count: 2,
} as const;

/**
 * What a phase asks the workers to do. Shards and update are shared-work phases: their items go to
 * whichever threads take them (see WorkQueue), and they end when the items are done. The others
 * wait for every thread. Values fit the 3 Phase bits of a generation word; 0 and 7 are no phase
 * (a taken item's flag and a pending one's, see WorkQueue).
 */
export const Phase = { shards: 1, update: 2, stop: 3, ready: 4, evaluate: 5 } as const;

/** How the test hook makes a worker fail. */
export const FaultKind = { none: 0, throw: 1, exit: 2 } as const;

/**
 * Where everything lives. Plain data: it is posted to each worker once, with the memory.
 * Float32 regions: params, shardGrads, optimizer, features, testFeatures, firstInputs, firstDeltas.
 * Int32: labels, testLabels, control. Uint32: order. Float64: shardStats (ShardStat.count words per shard), claimStats (ClaimStat.count
 * words per claim: at most one per shard), controlReals, workerStats (WorkerStat.count words per
 * worker). Int32: itemFlags (one per item of a shared-work phase, see WorkQueue). Bytes: scratch.
 */
export interface SharedLayout extends LayoutSizes {
  readonly params: Region;
  /** One gradient region per shard; the reduction sums them into the first. */
  readonly shardGrads: readonly Region[];
  readonly optimizer: Readonly<Record<string, Region>>;
  readonly features: Region;
  readonly labels: Region;
  /** The epoch's sample order, written once per epoch. */
  readonly order: Region;
  /** The test set's features, copied in once per run. */
  readonly testFeatures: Region;
  /** The test set's labels, beside them. */
  readonly testLabels: Region;
  /**
   * The first-layer store: each minibatch sample's input row and its first layer's ∂C/∂z, at the
   * sample's place in the batch, written by the thread that ran its shard and read by whichever
   * threads compute the tiles of the first layer's weight gradient.
   */
  readonly firstInputs: Region;
  readonly firstDeltas: Region;
  readonly shardStats: Region;
  readonly claimStats: Region;
  readonly control: Region;
  readonly controlReals: Region;
  /** One flag per item of a shared-work phase: claims and first-layer tiles, or update chunks (at most one per thread). */
  readonly itemFlags: Region;
  readonly workerStats: Region;
  /** Per slot; slot 0 (the coordinator) takes its scratch from its own arena, so its region is empty. */
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
  const shardGrads = Array.from({ length: sizes.shards }, () => take(paramCount, 4));
  const optimizer = Object.fromEntries(sizes.optimizerBuffers.map((name) => [name, take(paramCount, 4)]));
  const features = take(sizes.sampleCount * sizes.featureCount, 4);
  const labels = take(sizes.sampleCount, 4);
  const order = take(sizes.sampleCount, 4);
  const testFeatures = take(sizes.testCount * sizes.featureCount, 4);
  const testLabels = take(sizes.testCount, 4);
  const store = firstStoreElements(sizes.batchRows, sizes.featureCount, sizes.firstOutputs, sizes.tilesPerShard);
  const firstInputs = take(store.inputs, 4);
  const firstDeltas = take(store.deltas, 4);
  const shardStats = take(ShardStat.count * sizes.shards, 8);
  const claimStats = take(ClaimStat.count * sizes.shards, 8);
  const control = take(Control.count, 4);
  const controlReals = take(ControlReal.count, 8);
  const itemFlags = take(Math.max(sizes.shards * (1 + sizes.tilesPerShard), sizes.threads), 4);
  const workerStats = take(WorkerStat.count * sizes.threads, 8);
  const scratch = Array.from({ length: sizes.threads }, (_, slot) => take(slot === 0 ? 0 : sizes.scratchBytes, 1));
  return {
    ...sizes, params, shardGrads, optimizer, features, labels, order, testFeatures, testLabels, firstInputs, firstDeltas,
    shardStats, claimStats, control, controlReals, itemFlags, workerStats, scratch, bytes: cursor - base,
  };
}

/** Typed views of a layout's regions over the memory's buffer. */
export interface LayoutViews {
  readonly params: Float32Array;
  readonly shardGrads: readonly Float32Array[];
  readonly optimizer: Readonly<Record<string, Float32Array>>;
  readonly features: Float32Array;
  readonly labels: Int32Array;
  readonly order: Uint32Array;
  readonly testFeatures: Float32Array;
  readonly testLabels: Int32Array;
  readonly firstInputs: Float32Array;
  readonly firstDeltas: Float32Array;
  readonly shardStats: Float64Array;
  readonly claimStats: Float64Array;
  readonly control: Int32Array;
  readonly controlReals: Float64Array;
  readonly itemFlags: Int32Array;
  readonly workerStats: Float64Array;
}

/** Makes the views of a layout over `buffer` (the shared memory's SharedArrayBuffer). */
export function layoutViews(layout: SharedLayout, buffer: ArrayBufferLike): LayoutViews {
  const f32 = (r: Region): Float32Array => new Float32Array(buffer, r.byteOffset, r.length);
  return {
    params: f32(layout.params),
    shardGrads: layout.shardGrads.map(f32),
    optimizer: Object.fromEntries(Object.entries(layout.optimizer).map(([name, r]) => [name, f32(r)])),
    features: f32(layout.features),
    labels: new Int32Array(buffer, layout.labels.byteOffset, layout.labels.length),
    order: new Uint32Array(buffer, layout.order.byteOffset, layout.order.length),
    testFeatures: f32(layout.testFeatures),
    testLabels: new Int32Array(buffer, layout.testLabels.byteOffset, layout.testLabels.length),
    firstInputs: f32(layout.firstInputs),
    firstDeltas: f32(layout.firstDeltas),
    shardStats: new Float64Array(buffer, layout.shardStats.byteOffset, layout.shardStats.length),
    claimStats: new Float64Array(buffer, layout.claimStats.byteOffset, layout.claimStats.length),
    control: new Int32Array(buffer, layout.control.byteOffset, layout.control.length),
    controlReals: new Float64Array(buffer, layout.controlReals.byteOffset, layout.controlReals.length),
    itemFlags: new Int32Array(buffer, layout.itemFlags.byteOffset, layout.itemFlags.length),
    workerStats: new Float64Array(buffer, layout.workerStats.byteOffset, layout.workerStats.length),
  };
}

/** Rounds a byte offset up to REGION_ALIGN. */
export function alignUp(bytes: number): number {
  return Math.ceil(bytes / REGION_ALIGN) * REGION_ALIGN;
}
