// The shared memory's regions, in one table from which the layout, its views and its size are made; and the words of its control regions.

import type { TargetKind } from '../nn/targets.js';

/** Rows a network evaluates at a time, and a chunk of a held-out set; rows never interact, so the outputs are the same bits whatever the chunking. */
export const EVALUATION_ROWS = 256;

/** Every region starts on a 128-byte boundary, so no two threads' regions share a cache line (or its neighbour). */
export const REGION_ALIGN = 128;

/** A region of the shared memory: a byte offset and a length in elements. */
export interface Region {
  readonly byteOffset: number;
  readonly length: number;
}

/** The sizes a step plan fixes (see StepPlan.sizes). */
export interface StepSizes {
  readonly paramCount: number;
  /** Shards of a full batch: one ShardStat record each. */
  readonly shards: number;
  /** Claims of a full batch: one sum of its shards' gradients and one ClaimStat record each. */
  readonly claims: number;
  /** Partial sums each thread keeps while it runs a claim. */
  readonly depth: number;
  /** The most items a shared-work phase has. */
  readonly items: number;
  /** Rows of the first-layer store: a whole batch where there are tiles, else none. */
  readonly storeRows: number;
  /** Inputs of the network (its first layer's), and outputs of its first layer. */
  readonly featureCount: number;
  readonly firstOutputs: number;
  /** Outputs of the network (its last layer's). */
  readonly outputs: number;
  /** Threads that run a step: slot 0 is the coordinator, slots 1 … threads − 1 pool workers with `scratchBytes` each. */
  readonly threads: number;
  readonly scratchBytes: number;
}

/** The sizes a layout is made from: a step plan's, and the data's and optimiser's. */
export interface LayoutSizes extends StepSizes {
  readonly sampleCount: number;
  /** What the targets are: a class per row (the label regions), or a row of `outputs` values (the value regions). */
  readonly targets: TargetKind;
  /** Rows of the test set and of the validation set, which the threads score chunk by chunk (see EvalSet). */
  readonly testCount: number;
  readonly validationCount: number;
  /** Optimiser state buffers of paramCount elements each. */
  readonly optimizerBuffers: readonly string[];
}

/** How a region's elements are read: bytes per element and the typed view over them. */
interface ElementKind<V> {
  readonly bytes: number;
  readonly view: (buffer: ArrayBufferLike, byteOffset: number, length: number) => V;
}

const f32: ElementKind<Float32Array> = { bytes: 4, view: (buffer, at, length) => new Float32Array(buffer, at, length) };
const f64: ElementKind<Float64Array> = { bytes: 8, view: (buffer, at, length) => new Float64Array(buffer, at, length) };
const i32: ElementKind<Int32Array> = { bytes: 4, view: (buffer, at, length) => new Int32Array(buffer, at, length) };
const u32: ElementKind<Uint32Array> = { bytes: 4, view: (buffer, at, length) => new Uint32Array(buffer, at, length) };
const u8: ElementKind<Uint8Array> = { bytes: 1, view: (buffer, at, length) => new Uint8Array(buffer, at, length) };

/** A row of the region table: one region, `count` of them (numbered from 0), or one per name. */
interface RegionSpec<V> {
  readonly kind: ElementKind<V>;
  /** Elements of copy `copy` (0 for a single region or a named one). */
  readonly length: (sizes: LayoutSizes, copy: number) => number;
  readonly count?: (sizes: LayoutSizes) => number;
  readonly names?: (sizes: LayoutSizes) => readonly string[];
}

/** Every region, in the order they are laid out. */
const REGIONS = {
  params: { kind: f32, length: (s: LayoutSizes) => s.paramCount },
  /** Each claim's sum of its shards' gradients; the update sums them into the first. */
  claimSums: { kind: f32, length: (s: LayoutSizes) => s.paramCount, count: (s: LayoutSizes) => s.claims },
  /** Each thread's partial sums, `depth` a thread, slot by slot (see sumLevel). */
  partialSums: { kind: f32, length: (s: LayoutSizes) => s.paramCount, count: (s: LayoutSizes) => s.threads * s.depth },
  optimizer: { kind: f32, length: (s: LayoutSizes) => s.paramCount, names: (s: LayoutSizes) => s.optimizerBuffers },
  features: { kind: f32, length: (s: LayoutSizes) => s.sampleCount * s.featureCount },
  /** Each training row's class (class labels only). */
  labels: { kind: i32, length: (s: LayoutSizes) => (s.targets === 'classes' ? s.sampleCount : 0) },
  /** Each training row's target values, `outputs` a row (numeric targets only). */
  values: { kind: f32, length: (s: LayoutSizes) => (s.targets === 'values' ? s.sampleCount * s.outputs : 0) },
  /** The epoch's sample order, written once per epoch. */
  order: { kind: u32, length: (s: LayoutSizes) => s.sampleCount },
  /** The held-out sets, by EvalSet: their rows' features and targets (classes or values, as for training). */
  evalFeatures: { kind: f32, length: (s: LayoutSizes, set: number) => evalRows(s, set) * s.featureCount, count: () => EvalSet.count },
  evalLabels: { kind: i32, length: (s: LayoutSizes, set: number) => (s.targets === 'classes' ? evalRows(s, set) : 0), count: () => EvalSet.count },
  evalValues: { kind: f32, length: (s: LayoutSizes, set: number) => (s.targets === 'values' ? evalRows(s, set) * s.outputs : 0), count: () => EvalSet.count },
  /** The network's outputs for each held-out row, written by whichever thread scored its chunk. */
  evalOutputs: { kind: f32, length: (s: LayoutSizes, set: number) => evalRows(s, set) * s.outputs, count: () => EvalSet.count },
  /** Each chunk of EVALUATION_ROWS held-out rows: its EvalStat words. */
  evalStats: { kind: f64, length: (s: LayoutSizes, set: number) => EvalStat.count * evalChunks(evalRows(s, set)), count: () => EvalSet.count },
  /** The first-layer store: each sample's input row and first-layer ∂C/∂z at its place in the batch, read by the tiles. */
  firstInputs: { kind: f32, length: (s: LayoutSizes) => s.storeRows * s.featureCount },
  firstDeltas: { kind: f32, length: (s: LayoutSizes) => s.storeRows * s.firstOutputs },
  shardStats: { kind: f64, length: (s: LayoutSizes) => ShardStat.count * s.shards },
  claimStats: { kind: f64, length: (s: LayoutSizes) => ClaimStat.count * s.claims },
  control: { kind: i32, length: () => Control.count },
  controlReals: { kind: f64, length: () => ControlReal.count },
  /** One flag per item of a shared-work phase: claims and tiles, or update chunks. */
  itemFlags: { kind: i32, length: (s: LayoutSizes) => s.items },
  workerStats: { kind: f64, length: (s: LayoutSizes) => WorkerStat.count * s.threads },
  /** Per slot; slot 0 (the coordinator) takes its scratch from its own arena, so its region is empty. */
  scratch: { kind: u8, length: (s: LayoutSizes, slot: number) => (slot === 0 ? 0 : s.scratchBytes), count: (s: LayoutSizes) => s.threads },
} as const satisfies Record<string, RegionSpec<unknown>>;

type Table = typeof REGIONS;

/** What a row of the table holds: one T, a list of them, or a record by name. */
type Placed<S, T> = S extends { readonly names: unknown } ? Readonly<Record<string, T>> : S extends { readonly count: unknown } ? readonly T[] : T;

/** The typed view of a row's regions. */
type ViewOf<S> = S extends { readonly kind: ElementKind<infer V> } ? V : never;

type Regions = { readonly [K in keyof Table]: Placed<Table[K], Region> };

/** Where everything lives, by the table's rows: plain data, posted to each worker once. */
export type SharedLayout = LayoutSizes & Regions & {
  /** Total bytes, from the first region's start. */
  readonly bytes: number;
};

/** Typed views of a layout's regions over the memory's buffer. */
export type LayoutViews = { readonly [K in keyof Table]: Placed<Table[K], ViewOf<Table[K]>> };

/** Lays the regions out one after another from `base` (a byte offset aligned to REGION_ALIGN), in the table's order. */
export function planLayout(sizes: LayoutSizes, base: number): SharedLayout {
  let cursor = base;
  const take = (spec: RegionSpec<unknown>, copy: number): Region => {
    const region = { byteOffset: cursor, length: spec.length(sizes, copy) };
    cursor = alignUp(cursor + region.length * spec.kind.bytes);
    return region;
  };
  const rows = Object.entries<RegionSpec<unknown>>(REGIONS).map(([name, spec]): [string, unknown] => {
    if (spec.names !== undefined) return [name, Object.fromEntries(spec.names(sizes).map((key) => [key, take(spec, 0)]))];
    if (spec.count !== undefined) return [name, Array.from({ length: spec.count(sizes) }, (_, copy) => take(spec, copy))];
    return [name, take(spec, 0)];
  });
  // Built row by row from the table, so it has the table's shape.
  const regions = Object.fromEntries(rows) as Regions;
  return { ...sizes, ...regions, bytes: cursor - base };
}

/** Makes the views of a layout over `buffer` (the shared memory's SharedArrayBuffer). */
export function layoutViews(layout: SharedLayout, buffer: ArrayBufferLike): LayoutViews {
  const rows = Object.entries<RegionSpec<unknown>>(REGIONS).map(([name, spec]): [string, unknown] => {
    const view = (region: Region): unknown => spec.kind.view(buffer, region.byteOffset, region.length);
    const placed = placedOf(layout, name);
    if (isRegion(placed)) return [name, view(placed)];
    if (Array.isArray(placed)) return [name, placed.map(view)];
    return [name, Object.fromEntries(Object.entries(placed).map(([key, region]) => [key, view(region)]))];
  });
  // Built row by row from the table, each with its row's view type.
  return Object.fromEntries(rows) as LayoutViews;
}

/** Every region of a layout, named by its row, with its bytes: for checks and for saying what memory goes where. */
export function layoutRegions(layout: SharedLayout): { readonly name: string; readonly region: Region; readonly bytes: number }[] {
  return Object.entries<RegionSpec<unknown>>(REGIONS).flatMap(([name, spec]) => {
    const placed = placedOf(layout, name);
    const regions = isRegion(placed) ? [placed] : Array.isArray(placed) ? placed : Object.values(placed);
    return regions.map((region) => ({ name, region, bytes: region.length * spec.kind.bytes }));
  });
}

/** What the layout holds for the row `name` of the table. */
function placedOf(layout: SharedLayout, name: string): Region | readonly Region[] | Readonly<Record<string, Region>> {
  return layout[name as keyof Table];
}

function isRegion(placed: unknown): placed is Region {
  return typeof placed === 'object' && placed !== null && 'byteOffset' in placed;
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
  /** The work item it is running in a shared-work phase (−1: none): failures name what it holds. */
  item: 1,
  /** 1 once the worker has thrown (it sets this, then rethrows), so that a failure names it and not the healthy ones. */
  failed: 2,
  /** Seconds it spent on first-layer tiles in the last shards phase. */
  tileSeconds: 3,
  /** Its worker_threads threadId, so that a worker's exit names its slot. */
  threadId: 4,
  /** Words per worker. */
  count: 5,
} as const;

/** The held-out sets the evaluate phase scores, numbering the copies of the eval regions. */
export const EvalSet = {
  test: 0,
  validation: 1,
  /** Number of sets. */
  count: 2,
} as const;

/** The Float64 words each chunk of a held-out set reports in its evalStats region, by name. */
export const EvalStat = {
  /** Σ of the chunk's per-sample losses. */
  lossSum: 0,
  /** Samples of the chunk whose largest output is at their label (0 for numeric targets). */
  correct: 1,
  /** Words per chunk. */
  count: 2,
} as const;

/** Rows of held-out set `set` (an EvalSet value). */
export function evalRows(sizes: Pick<LayoutSizes, 'testCount' | 'validationCount'>, set: number): number {
  return set === EvalSet.test ? sizes.testCount : sizes.validationCount;
}

/** Chunks of EVALUATION_ROWS that `rows` held-out rows make: each is scored by one thread, whichever. */
export function evalChunks(rows: number): number {
  return Math.ceil(rows / EVALUATION_ROWS);
}

/** Control words (Int32): the coordinator writes a phase's arguments, then `generation`. */
export const Control = {
  /** Pool workers take their slot by incrementing this word once (it starts at 1: slot 0 is the coordinator). */
  nextWorkerSlot: 0,
  /** The phase now running: phases started × 8 + its Phase value (see phase-signal.ts). */
  generation: 1,
  /** Items of the current shared-work phase finished (see WorkQueue). */
  completed: 2,
  /** Pool workers that have finished the current phase, in a phase that waits for every thread. */
  done: 3,
  /** Shards phase: the minibatch's first position in the epoch order. */
  batchStart: 4,
  /** Both phases: the step's plan, by its index in the plans every thread holds. */
  plan: 5,
  /** Update phase: the optimiser's step number t. */
  step: 6,
  /** Update phase: set to 1 by a chunk whose summed gradient held a NaN or ±Inf. */
  nonfinite: 7,
  /** Shards phase: bumped (and notified) each time a thread frees tiles (see WorkQueue.release). */
  released: 8,
  /** Evaluate phase: the held-out set to score (an EvalSet value). */
  evalSet: 9,
  /** Number of control words. */
  count: 10,
} as const;

/** The Float64 arguments of a phase. */
export const ControlReal = {
  /** Update phase: the learning rate. */
  lr: 0,
  count: 2,
} as const;

/**
 * What a phase asks the workers to do. Shards and update share out work items (see WorkQueue); the
 * others wait for every thread. Values fit a generation word's 3 Phase bits; 0 and 7 are no phase.
 */
export const Phase = { shards: 1, update: 2, stop: 3, ready: 4, evaluate: 5 } as const;

/** Rounds a byte offset up to REGION_ALIGN. */
export function alignUp(bytes: number): number {
  return Math.ceil(bytes / REGION_ALIGN) * REGION_ALIGN;
}
