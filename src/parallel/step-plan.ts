// A step's work, planned once per batch shape: shards, claims, passes, first-layer tiles, update chunks, the reduction's order and the sizes they need.

import { KernelMemory } from '../kernels/kernel-memory.js';
import { parameterLayout } from '../nn/parameters.js';
import { type ColumnRange, firstLayerTiles } from './first-layer-tiles.js';
import { EVALUATION_ROWS, type StepSizes } from './layout.js';
import { type TreeAdd, mergesAfter, sumLevel, treeAdds } from './reduce.js';
import { type NumberedShard, claimGroups, claimSize, numberedShards } from './shards.js';
import { type ParameterRange, updateChunks } from './update.js';

/** Rows a pass takes at most: it bounds each thread's activations whatever the batch size. */
export const PASS_ROWS = 512;


/** A shard in a pass: the partial sum its gradient goes to, and the additions of the tree that follow it, layer by layer. */
export interface PassShard {
  readonly shard: NumberedShard;
  /** 0: its claim's sum; q ≥ 1: the running thread's q-th partial sum (see sumLevel). */
  readonly level: number;
  /** Each sum q − 1 += sum q, from q = level down (see mergesAfter). */
  readonly merges: number;
}

/** Consecutive shards of a claim that go through the network together. */
export interface PassPlan {
  readonly shards: readonly PassShard[];
  /** The first shard's start in the minibatch. */
  readonly start: number;
  readonly rows: number;
}

/** Consecutive shards that one thread runs at a time, in passes, summing them into the claim's sum as the tree orders. */
export interface ClaimPlan {
  readonly shards: readonly NumberedShard[];
  readonly passes: readonly PassPlan[];
  /** Its shards' first-layer tiles: items tilesFrom … tilesTo − 1 of the shards phase. */
  readonly tilesFrom: number;
  readonly tilesTo: number;
}

/** One tile of a shard's first-layer weight gradient: the columns `columns` of it, into its claim's sum. */
export interface TilePlan {
  readonly shard: NumberedShard;
  readonly claim: number;
  readonly columns: ColumnRange;
}

/** Everything a step of one batch shape does, and who may do it; the threads read it and compute none of it. */
export interface StepPlan {
  readonly batchRows: number;
  readonly shards: readonly NumberedShard[];
  /** Shards per claim: a power of two, so that a claim's shards are whole subtrees of the reduction. */
  readonly claimSize: number;
  /** Partial sums a thread keeps besides its claim's: log2(claimSize). */
  readonly depth: number;
  /** The most rows a pass holds. */
  readonly passRows: number;
  /** Rows each thread's network is made for: its passes', or EVALUATION_ROWS if that is more. */
  readonly networkRows: number;
  /** Items 0 … claims − 1 of the shards phase; claim k is slot k's own. */
  readonly claims: readonly ClaimPlan[];
  /** Columns of each shard's tiles: none where every thread has a claim (each pass then writes the first layer's dW). */
  readonly tileColumns: readonly ColumnRange[];
  /** Items claims … of the shards phase: shard s's tile j is tiles[s · tileColumns.length + j]. */
  readonly tiles: readonly TilePlan[];
  /** Items of the update phase: one range of parameters per thread. */
  readonly chunks: readonly ParameterRange[];
  /** The tree's additions across the claims' sums, in tree order, done over each chunk in the update. */
  readonly shared: readonly TreeAdd[];
  /** What the shared layout needs for this step. */
  readonly sizes: StepSizes;
}

/**
 * Plans a step of `batchRows` samples cut into at most `shards` shards on `threads` threads, for a
 * network of `widths`. A run's shorter last batch passes its full batches' plan as `full`, whose
 * claim size, pass rows and tiles it keeps, so that it fits the layout planned for them.
 */
export function planStep(batchRows: number, shards: number, threads: number, widths: readonly number[], full?: StepPlan): StepPlan {
  const numbered = numberedShards(batchRows, shards);
  const shardRows = numbered[0].rows;
  const size = full?.claimSize ?? claimSize(numbered.length, threads, shardRows);
  const passRows = full?.passRows ?? Math.min(Math.min(batchRows, size * shardRows), Math.max(shardRows, PASS_ROWS));
  const depth = Math.log2(size);
  const groups = claimGroups(numbered, size);
  const tileColumns = full?.tileColumns ?? firstLayerTiles(widths[0], threads, groups.length);
  const perShard = tileColumns.length;
  // A tile writes its columns of the claim's sum, so a claim with tiles must hold one shard (firstLayerTiles cuts them only then).
  if (perShard > 0 && size !== 1) throw new Error(`planStep: first-layer tiles need claims of one shard, not ${size}`);
  const claims = groups.map((group): ClaimPlan => ({
    shards: group,
    passes: passesOf(group, passRows),
    tilesFrom: groups.length + group[0].shard * perShard,
    tilesTo: groups.length + (group[group.length - 1].shard + 1) * perShard,
  }));
  const tiles = numbered.flatMap((shard) => tileColumns.map((columns) => ({ shard, claim: Math.floor(shard.shard / size), columns })));
  const paramCount = parameterLayout(widths).count;
  const chunks = updateChunks(paramCount, threads);
  const networkRows = Math.max(passRows, EVALUATION_ROWS);
  return {
    batchRows, shards: numbered, claimSize: size, depth, passRows, networkRows, claims, tileColumns, tiles, chunks, shared: treeAdds(claims.length),
    sizes: {
      paramCount,
      shards: numbered.length,
      claims: claims.length,
      depth,
      items: Math.max(claims.length + tiles.length, chunks.length),
      storeRows: perShard === 0 ? 0 : batchRows,
      featureCount: widths[0],
      firstOutputs: widths[1],
      outputs: widths[widths.length - 1],
      threads,
      scratchBytes: workerScratchBytes(widths, passRows, networkRows),
    },
  };
}

/**
 * The plans of an epoch of `samples` samples in batches of `batchSize`: its full batches', then
 * the shorter last batch's where there is one (a batch larger than the set is the whole set).
 */
export function planEpoch(samples: number, batchSize: number, shards: number, threads: number, widths: readonly number[]): StepPlan[] {
  const full = planStep(Math.min(batchSize, samples), shards, threads, widths);
  const last = samples % batchSize;
  return batchSize < samples && last > 0 ? [full, planStep(last, shards, threads, widths, full)] : [full];
}

/** A claim's shards cut into passes of consecutive shards, up to `passRows` rows each (a larger shard goes alone), each with its level and merges. */
function passesOf(group: readonly NumberedShard[], passRows: number): PassPlan[] {
  const passes: PassPlan[] = [];
  for (let from = 0; from < group.length; ) {
    let to = from + 1;
    let rows = group[from].rows;
    while (to < group.length && rows + group[to].rows <= passRows) rows += group[to++].rows;
    const shards = group.slice(from, to).map((shard, j) => ({ shard, level: sumLevel(from + j), merges: mergesAfter(from + j, group.length) }));
    passes.push({ shards, start: group[from].start, rows });
    from = to;
  }
  return passes;
}

/** Scratch bytes one worker needs: its network's input, z, a and g for `networkRows` rows, a pass's targets (a label or a row of values each) and the kernels' packing buffers. */
function workerScratchBytes(widths: readonly number[], passRows: number, networkRows: number): number {
  let elements = networkRows * widths[0] + passRows * widths[widths.length - 1];
  for (let l = 1; l < widths.length; l++) elements += 3 * networkRows * widths[l];
  return 4 * elements + KernelMemory.SCRATCH_BYTES + 64 * 1024;
}
