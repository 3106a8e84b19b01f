// The IDX file format of the original MNIST: a magic word, big-endian dimensions, then unsigned bytes.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../errors.js';

/** The IDX element type code of unsigned bytes, the only type einprop reads. */
const UBYTE = 0x08;

/** An n-dimensional array of unsigned bytes as an IDX file holds it. */
export interface IdxArray {
  /** Sizes, outermost first (for images: count, rows, columns). */
  dims: number[];
  /** The values, row-major. */
  data: Uint8Array;
}

/** Reads and decodes an IDX file, gunzipping it first when it starts with the gzip magic. */
export function readIdxFile(path: string): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UserError(`${path}: cannot read the file (${error instanceof Error ? error.message : String(error)})`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new UserError(`${path}: not a valid gzip file (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return decodeIdx(bytes, path);
}

/**
 * Decodes IDX bytes: magic 0x00 0x00 0x08 <dimension count>, the dimensions as big-endian
 * uint32, then exactly their product of bytes. Anything else is a UserError naming `file`.
 */
export function decodeIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new UserError(`${file}: not an IDX file (the magic number must start with two zero bytes)`);
  }
  if (bytes[2] !== UBYTE) {
    throw new UserError(`${file}: IDX element type 0x${hex(bytes[2], 2)} is not supported (only unsigned bytes, 0x08)`);
  }
  const rank = bytes[3];
  const headerLength = 4 + 4 * rank;
  if (rank === 0 || bytes.length < headerLength) {
    throw new UserError(`${file}: IDX header is truncated or has no dimensions`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let size = 1;
  for (let d = 0; d < rank; d++) {
    const dim = view.getUint32(4 + 4 * d, false);
    dims.push(dim);
    size *= dim;
  }
  if (bytes.length !== headerLength + size) {
    throw new UserError(`${file}: dimensions ${dims.join('×')} need ${size} bytes of data, found ${bytes.length - headerLength}`);
  }
  return { dims, data: bytes.subarray(headerLength) };
}

/** The IDX bytes of an unsigned-byte array with dimensions `dims` (the inverse of `decodeIdx`). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((product, dim) => product * dim, 1);
  if (data.length !== size) throw new RangeError(`encodeIdx: ${data.length} values do not fill ${dims.join('×')}`);
  const bytes = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(bytes.buffer);
  bytes[2] = UBYTE;
  bytes[3] = dims.length;
  for (let d = 0; d < dims.length; d++) view.setUint32(4 + 4 * d, dims[d], false);
  bytes.set(data, 4 + 4 * dims.length);
  return bytes;
}

/** The IDX magic word, as hex text, of an unsigned-byte array with `rank` dimensions (for messages). */
export function idxMagic(rank: number): string {
  return `0x${hex((UBYTE << 8) | rank, 8)}`;
}

function hex(value: number, width: number): string {
  return value.toString(16).toUpperCase().padStart(width, '0');
}
