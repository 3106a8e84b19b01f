// The first layer's weight gradient in column tiles: how inputs are cut, when there are tiles, and why tiles change no bit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileEinsum } from '../../src/einsum/einsum.js';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { gemm } from '../../src/kernels/gemm.js';
import { TILE_COLUMNS, columnTiles, tilesPerShard } from '../../src/parallel/first-layer-tiles.js';
import { Random } from '../../src/tensor/random.js';
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

describe('why tiles change no bit', () => {
  it('the GEMM of dW = gᵀa over column blocks of a gives the bits of the derived contraction nj,ni->ji whole', () => {
    const memory = KernelMemory.main();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 9 }), fc.nat(), (rows, outputs, inputs, count, seed) => {
        const mark = memory.mark();
        try {
          const f32 = (length: number): Float32Array => memory.f32(memory.alloc(4 * length), length);
          const random = new Random(seed);
          const [g, a] = [f32(rows * outputs), f32(rows * inputs)];
          for (const buffer of [g, a]) for (let i = 0; i < buffer.length; i++) buffer[i] = Math.fround(2 * random.nextFloat() - 1);
          const [whole, tiled] = [f32(outputs * inputs), f32(outputs * inputs)];
          compileEinsum('nj,ni->ji', [[rows, outputs], [rows, inputs]], 'float32').run([g, a], whole);
          for (const { begin, end } of columnTiles(inputs, count)) gemm(outputs, end - begin, rows, g, 0, 1, outputs, a, begin, inputs, 1, tiled, begin, inputs, false);
          expect(Buffer.from(tiled.buffer, tiled.byteOffset, tiled.byteLength).equals(Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength))).toBe(true);
        } finally {
          memory.release(mark);
        }
      }),
      fcOptions(60),
    );
  });
});
