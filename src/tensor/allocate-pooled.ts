// Small zero-filled arrays carved from shared slabs, as Node pools small Buffers: one ArrayBuffer for many results.

import { type DType, type Storage, allocate, bytesPer } from './dtype.js';

/** Arrays of at most this many bytes come from a slab; larger ones get an ArrayBuffer of their own. */
export const POOLED_MAX_BYTES = 4096;

/** The bytes of one slab: a live pooled array keeps at most this much memory alive beside its own. */
export const SLAB_BYTES = 16384;

let slab = new ArrayBuffer(SLAB_BYTES);
let top = 0;

/**
 * A zero-filled array of `length` elements, as allocate() makes, but a view into a shared slab when it
 * takes at most POOLED_MAX_BYTES: an ArrayBuffer of its own costs more to make and to collect than a
 * small contraction costs to compute. Its `buffer` holds other arrays too; never transfer or detach it.
 */
export function allocatePooled(dtype: DType, length: number): Storage {
  const bytes = length * bytesPer(dtype);
  if (bytes > POOLED_MAX_BYTES || bytes === 0) return allocate(dtype, length);
  // Slabs are carved once, front to back, and never reused: each piece is still zero.
  let start = Math.ceil(top / 8) * 8;
  if (start + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    start = 0;
  }
  top = start + bytes;
  return dtype === 'float32' ? new Float32Array(slab, start, length) : new Float64Array(slab, start, length);
}
