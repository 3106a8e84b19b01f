// Arrays for results their computation overwrites whole: small ones carved from shared slabs, as Node pools small Buffers; larger ones not zero-filled.

import { type DType, type Storage, bytesPer } from './dtype.js';

/** Arrays of at most this many bytes come from a slab; larger ones get an ArrayBuffer of their own. */
export const POOLED_MAX_BYTES = 4096;

/** The bytes of one slab: a live pooled array keeps at most this much memory alive beside its own. */
export const SLAB_BYTES = 16384;

let slab = new ArrayBuffer(SLAB_BYTES);
let top = 0;

/**
 * An array of `length` elements for a result that its computation overwrites whole (a one-shot einsum's):
 * a view into a shared slab when it takes at most POOLED_MAX_BYTES, whose `buffer` holds other arrays too
 * (never transfer or detach it); else an ArrayBuffer of its own that is NOT zero-filled. Zeroing memory that
 * is about to be overwritten, and making small ArrayBuffers, cost more than small contractions do.
 */
export function allocateResult(dtype: DType, length: number): Storage {
  const bytes = length * bytesPer(dtype);
  if (bytes > POOLED_MAX_BYTES || bytes === 0) return unfilled(dtype, length);
  // Slabs are carved once, front to back, and never reused: each piece is still zero.
  let start = Math.ceil(top / 8) * 8;
  if (start + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    start = 0;
  }
  top = start + bytes;
  return dtype === 'float32' ? new Float32Array(slab, start, length) : new Float64Array(slab, start, length);
}

/** An array of its own whose elements hold whatever the allocator left: the caller writes every one. */
function unfilled(dtype: DType, length: number): Storage {
  const buffer = Buffer.allocUnsafeSlow(length * bytesPer(dtype)).buffer;
  return dtype === 'float32' ? new Float32Array(buffer, 0, length) : new Float64Array(buffer, 0, length);
}
