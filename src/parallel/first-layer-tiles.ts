// The first layer's weight gradient in column tiles: work items that any thread may take once their shard's backward chain has run.

import type { BoundStep } from '../kernels/bound-kernel.js';
import { bindGemm } from '../kernels/gemm.js';
import type { LayerSlots } from '../nn/parameters.js';
import type { LayoutViews } from './layout.js';
import type { NumberedShard } from './shards.js';

/**
 * First-layer inputs a shard's tiles hold each, at most one tile for every TILE_COLUMNS of them
 * (rounded up): 784 MNIST pixels make at most 7 tiles, of 112. The first layer's dW is most of a step's weight-gradient
 * arithmetic (86% for 784-256-128-10) and the last of its backward chain, so it is the part worth
 * sharing out where a step has fewer claims than threads (16 threads at batch 128 in 8 shards):
 * the threads without a claim take tiles of the shards the others have run.
 * Measured here at batch 1024, one thread computing dW in column tiles of 112 took 8.2 ms a step
 * against 8.1–8.6 ms whole; narrower tiles pack g again for each and cost more.
 */
export const TILE_COLUMNS = 112;

/** The register tile's width in the GEMM kernel (NR in src/kernels/assembly/blocking.ts): tiles are cut at multiples of it. */
const KERNEL_COLUMNS = 8;

/** Columns [begin, end) of the first layer's inputs. */
export interface ColumnRange {
  readonly begin: number;
  readonly end: number;
}

/**
 * How many tiles to cut each shard's first-layer weight gradient into, for a first layer of
 * `inputs` inputs and `threads` threads sharing `claims` claims a step: none where every thread
 * has a claim, else enough that the threads without one have tiles to take (at most one per
 * TILE_COLUMNS inputs). Measured here on 2 cores, two threads over a batch of 128 in one shard
 * trained at 56.7–58.3k samples/s with tiles against 46.7–48.9k without (the second thread idle), while
 * with a claim for each thread, tiles gained nothing (batch 1024 in 2 shards: 94–99k against
 * 99–102k; batch 128 in 8 shards lost up to 5%, even beside a busy process). The tiles change no
 * bit (see bindTile), so this may follow the thread count. Threads outnumber a full batch's claims
 * only where they outnumber its shards (claimSize makes a claim for each thread otherwise), and
 * then every claim is one shard: no claim has additions of the reduction to do before its tiles
 * are done. (A short last batch keeps the full batches' claim size, so its claims are one shard too.)
 */
export function tilesPerShard(inputs: number, threads: number, claims: number): number {
  if (threads <= claims) return 0;
  const wanted = Math.min(Math.ceil(inputs / TILE_COLUMNS), Math.ceil(threads / claims));
  return wanted <= 1 ? 0 : columnTiles(inputs, wanted).length;
}

/** The column ranges of each shard's first-layer weight-gradient tiles (see tilesPerShard); none: each pass writes it whole. */
export function firstLayerTiles(inputs: number, threads: number, claims: number): ColumnRange[] {
  const count = tilesPerShard(inputs, threads, claims);
  return count === 0 ? [] : columnTiles(inputs, count);
}

/**
 * Cuts `inputs` columns into at most `count` tiles of even widths that are multiples of the
 * kernel's 8 (the last one narrower). Asked again for as many tiles as it gave, it cuts the same.
 */
export function columnTiles(inputs: number, count: number): ColumnRange[] {
  const width = Math.ceil(Math.ceil(inputs / count) / KERNEL_COLUMNS) * KERNEL_COLUMNS;
  const tiles: ColumnRange[] = [];
  for (let begin = 0; begin < inputs; begin += width) tiles.push({ begin, end: Math.min(inputs, begin + width) });
  return tiles;
}

/**
 * Binds tile `columns` of shard `shard`'s first-layer weight gradient: dW[j, i] = Σ_n g[n, j] a[n, i]
 * for the inputs i of the tile, over the shard's rows of the first-layer store, into the shard's
 * gradient region. It is the GEMM the derived contraction `nj,ni->ji` lowers to (A = g read
 * transposed, B = a), over a block of B's and C's columns. The kernel sums each element over the
 * rows in the same order whatever block it computes, so the tiles give the bits of the whole product.
 */
export function bindTile(views: Pick<LayoutViews, 'firstInputs' | 'firstDeltas' | 'shardGrads'>, layer: LayerSlots, shard: NumberedShard, columns: ColumnRange): BoundStep {
  const { inputs, outputs } = layer;
  const run = bindGemm(
    outputs, columns.end - columns.begin, shard.rows,
    views.firstDeltas, shard.start * outputs, 1, outputs,
    views.firstInputs, shard.start * inputs + columns.begin, inputs, 1,
    views.shardGrads[shard.shard], layer.weight + columns.begin, inputs,
  );
  return () => run(false);
}
