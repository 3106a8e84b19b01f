// The first layer's weight gradient in column tiles: work items any thread may take once their shard's backward chain has run.

import type { BoundStep } from '../kernels/bound-kernel.js';
import { bindWeightGradientColumns } from '../nn/dense-layer.js';
import type { LayerSlots } from '../nn/parameters.js';
import type { LayoutViews } from './layout.js';
import type { ShardRange } from './shards.js';

/**
 * Inputs per tile at least (784 MNIST pixels make at most 7 tiles): the first layer's dW is most of
 * a step's weight-gradient arithmetic, and narrower tiles pack g again for each.
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
 * Tiles per shard for a first layer of `inputs` inputs and `threads` threads sharing `claims` claims:
 * none where every thread has a claim (tiles then gain nothing), else enough for the threads without
 * one. Threads outnumber claims only where they outnumber shards, so every claim is then one shard.
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
 * Binds tile `columns` of shard `shard`'s first-layer weight gradient: the layer's derived dW
 * contraction over the shard's rows of the first-layer store, bound over those input columns, into
 * `grads` (its claim's sum). Blocks of columns give the bits of the whole product.
 */
export function bindTile(views: Pick<LayoutViews, 'firstInputs' | 'firstDeltas'>, layer: LayerSlots, shard: ShardRange, grads: Float32Array, columns: ColumnRange): BoundStep {
  const { inputs, outputs } = layer;
  const { start, rows } = shard;
  const store = { input: views.firstInputs.subarray(start * inputs, (start + rows) * inputs), g: views.firstDeltas.subarray(start * outputs, (start + rows) * outputs) };
  return bindWeightGradientColumns(layer, grads, store, rows, columns, 'float32');
}
