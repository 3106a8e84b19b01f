// The first layer's weight gradient in column tiles: how inputs are cut, and when there are tiles (test/nn/dense-layer.test.ts: why they change no bit).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TILE_COLUMNS, columnTiles, tilesPerShard } from '../../src/parallel/first-layer-tiles.js';
import { fcOptions } from '../support/fc.js';

describe('columnTiles', () => {
  it('cuts the inputs into at most the tiles asked for, in order, each a multiple of 8 wide but the last; asked again for as many, it cuts the same', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 64 }), (inputs, count) => {
        const tiles = columnTiles(inputs, count);
        expect(tiles.length).toBeGreaterThan(0);
        expect(tiles.length).toBeLessThanOrEqual(count);
        expect(tiles[0].begin).toBe(0);
        expect(tiles[tiles.length - 1].end).toBe(inputs);
        for (let t = 0; t < tiles.length; t++) {
          expect(tiles[t].end).toBeGreaterThan(tiles[t].begin);
          if (t > 0) expect(tiles[t].begin).toBe(tiles[t - 1].end);
          if (t < tiles.length - 1) expect((tiles[t].end - tiles[t].begin) % 8).toBe(0);
        }
        expect(columnTiles(inputs, tiles.length)).toEqual(tiles);
      }),
      fcOptions(300),
    );
  });
});

describe('tilesPerShard', () => {
  it('none while every thread has a claim, or where the inputs make one tile; else a tile for each thread a claim has to share, at most one per TILE_COLUMNS inputs', () => {
    expect(tilesPerShard(784, 1, 1)).toBe(0);
    expect(tilesPerShard(784, 2, 2)).toBe(0);
    expect(tilesPerShard(784, 16, 16)).toBe(0);
    expect(tilesPerShard(64, 4, 1)).toBe(0);
    expect(tilesPerShard(784, 2, 1)).toBe(2);
    expect(tilesPerShard(784, 16, 8)).toBe(2);
    expect(tilesPerShard(784, 16, 1)).toBe(7);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), (inputs, threads, claims) => {
        const tiles = tilesPerShard(inputs, threads, claims);
        if (threads <= claims) expect(tiles).toBe(0);
        else if (tiles > 0) {
          expect(tiles).toBeGreaterThanOrEqual(2);
          expect(tiles).toBeLessThanOrEqual(Math.min(Math.ceil(inputs / TILE_COLUMNS), Math.ceil(threads / claims)));
        }
      }),
      fcOptions(300),
    );
  });
});
