// The IDX file format of the original MNIST: a magic word, big-endian dimensions, then unsigned bytes.

import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { kMaxLength } from 'node:buffer';
import { UserError } from '../errors.js';
import { readRegularFile } from '../io/regular-file.js';

/** The IDX element type code of unsigned bytes, the only type einprop reads. */
const UBYTE = 0x08;

/** The most dimensions an IDX header can give (its fourth byte), and so the longest header. */
const MAX_HEADER_BYTES = 4 + 4 * 255;

/** An n-dimensional array of unsigned bytes as an IDX file holds it. */
export interface IdxArray {
  /** Sizes, outermost first (for images: count, rows, columns). */
  dims: number[];
  /** The values, row-major. */
  data: Uint8Array;
}

/** What a file must hold to be read as one part of a dataset: its number of dimensions, and how a message names it. */
export interface IdxKind {
  readonly rank: number;
  /** "an IDX label file". */
  readonly name: string;
  /** The dimensions in words ("count, rows, columns"), for messages. */
  readonly dims?: string;
}

/**
 * Reads and decodes an IDX file, gunzipping it first when it starts with the gzip magic; with
 * `kind`, a file with another number of dimensions is refused by its magic word, before its
 * dimensions are read. Gzipped input stops inflating once it passes the size its IDX header promises.
 */
export function readIdxFile(path: string, kind?: IdxKind): IdxArray {
  let bytes: Uint8Array = readRegularFile(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipIdx(bytes, path, kind);
  return decodeIdx(bytes, path, kind);
}

/**
 * Inflates gzipped IDX bytes, at most as many as the header promises: the header is read from the
 * inflated start of the stream, then the whole stream is inflated with that size as its limit.
 */
function gunzipIdx(compressed: Uint8Array, path: string, kind: IdxKind | undefined): Uint8Array {
  const fail = (error: unknown): never => {
    throw new UserError(`${path}: not a valid gzip file (${error instanceof Error ? error.message : String(error)})`);
  };
  const promised = promisedBytes(inflatedStart(compressed, fail), path, kind);
  try {
    return gunzipSync(compressed, { maxOutputLength: promised });
  } catch (error) {
    if (error instanceof RangeError && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE') {
      throw new UserError(`${path}: inflates to more than the ${promised} bytes its IDX header promises`);
    }
    return fail(error);
  }
}

/**
 * The first inflated bytes of `compressed`, enough for the longest IDX header (or all there are).
 * Each try inflates a prefix of the stream, so its output is bounded by deflate's largest ratio (about 1032:1).
 */
function inflatedStart(compressed: Uint8Array, fail: (error: unknown) => never): Uint8Array {
  for (let prefix = 256; ; prefix *= 4) {
    const whole = prefix >= compressed.length;
    let start: Uint8Array;
    try {
      // A prefix ends mid-stream: flush what it holds rather than fail at its end.
      start = gunzipSync(compressed.subarray(0, prefix), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch (error) {
      return fail(error);
    }
    if (start.length >= MAX_HEADER_BYTES || whole) return start;
  }
}

/** The bytes an IDX file with this start must hold in all: its header and the product of its dimensions. */
function promisedBytes(start: Uint8Array, path: string, kind: IdxKind | undefined): number {
  const header = decodeHeader(start, path, kind);
  const bytes = header.length + header.dims.reduce((product, dim) => product * dim, 1);
  if (bytes > kMaxLength) throw new UserError(`${path}: dimensions ${header.dims.join('×')} need ${bytes} bytes, more than one file einprop reads may hold (${kMaxLength})`);
  return bytes;
}

/**
 * Decodes IDX bytes: magic 0x00 0x00 0x08 <dimension count>, the dimensions as big-endian
 * uint32, then exactly their product of bytes. Anything else is a UserError naming `file`;
 * with `kind`, so is a magic word of another number of dimensions.
 */
export function decodeIdx(bytes: Uint8Array, file: string, kind?: IdxKind): IdxArray {
  const header = decodeHeader(bytes, file, kind);
  let size = 1;
  for (const dim of header.dims) size *= dim;
  if (bytes.length !== header.length + size) {
    throw new UserError(`${file}: dimensions ${header.dims.join('×')} need ${size} bytes of data, found ${bytes.length - header.length}`);
  }
  return { dims: header.dims, data: bytes.subarray(header.length) };
}

/** The magic word's checks and the dimensions of the IDX header at the start of `bytes`. */
function decodeHeader(bytes: Uint8Array, file: string, kind: IdxKind | undefined): { dims: number[]; length: number } {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new UserError(`${file}: not an IDX file (the magic number must start with two zero bytes)`);
  }
  if (bytes[2] !== UBYTE) {
    throw new UserError(`${file}: IDX element type 0x${hex(bytes[2], 2)} is not supported (only unsigned bytes, 0x08)`);
  }
  const rank = bytes[3];
  if (kind !== undefined && rank !== kind.rank) {
    throw new UserError(`${file}: magic ${idxMagic(rank)} is not ${kind.name} (expected ${idxMagic(kind.rank)}${kind.dims === undefined ? '' : `: ${kind.dims}`})`);
  }
  const length = 4 + 4 * rank;
  if (rank === 0 || bytes.length < length) {
    throw new UserError(`${file}: IDX header is truncated or has no dimensions`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d, false));
  return { dims, length };
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
function idxMagic(rank: number): string {
  return `0x${hex((UBYTE << 8) | rank, 8)}`;
}

function hex(value: number, width: number): string {
  return value.toString(16).toUpperCase().padStart(width, '0');
}
