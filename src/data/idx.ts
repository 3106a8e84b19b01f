// The IDX file format of the original MNIST: a magic word, big-endian dimensions, then unsigned bytes.

import { kMaxLength } from 'node:buffer';
import { UserError } from '../errors.js';
import { closeRegularFile, openRegularFile, readAt, type RegularFile } from '../io/regular-file.js';
import { type ByteStream, inflateRegularFile } from './byte-stream.js';

/** The IDX element type code of unsigned bytes, the only type einprop reads. */
const UBYTE = 0x08;

/** The bytes of an IDX header before its dimensions: the magic word. */
const MAGIC_BYTES = 4;

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
 * dimensions are read. Gzipped input is inflated in one pass into an array of the size its header
 * promises, and stops inflating once it passes that size.
 */
export function readIdxFile(path: string, kind?: IdxKind): IdxArray {
  const file = openRegularFile(path);
  let stream: ByteStream | undefined;
  try {
    if (!startsWithGzipMagic(file)) return decodeIdx(readAt(file, 0, file.size), path, kind);
    stream = inflateRegularFile(file);
    return gunzipIdx(stream, path, kind);
  } finally {
    // The stream, once there is one, owns the file.
    if (stream === undefined) closeRegularFile(file);
    else stream.close();
  }
}

/** Whether `file` starts with the gzip magic. */
function startsWithGzipMagic(file: RegularFile): boolean {
  if (file.size < 2) return false;
  const start = readAt(file, 0, 2);
  return start[0] === 0x1f && start[1] === 0x8b;
}

/**
 * Decodes the inflated IDX bytes of `stream` as they come: the magic word, then the dimensions it
 * announces, then into an array of the size they promise. The same errors as `decodeIdx`, and one
 * for a stream that inflates past that size.
 */
function gunzipIdx(stream: ByteStream, path: string, kind: IdxKind | undefined): IdxArray {
  const magic = new Uint8Array(MAGIC_BYTES);
  const rank = checkMagic(magic.subarray(0, readFully(stream, magic, 0)), path, kind);
  const header = new Uint8Array(MAGIC_BYTES + 4 * rank);
  header.set(magic);
  const { dims } = decodeHeader(header.subarray(0, readFully(stream, header, MAGIC_BYTES)), path, kind);
  const size = dataSize(dims);
  if (header.length + size > kMaxLength) {
    throw new UserError(`${path}: dimensions ${dims.join('×')} need ${header.length + size} bytes, more than one file einprop reads may hold (${kMaxLength})`);
  }
  const data = Buffer.alloc(size);
  const found = readFully(stream, data, 0);
  if (found < size) throw wrongDataSize(path, dims, found);
  if (stream.read(new Uint8Array(1), 0) > 0) throw new UserError(`${path}: inflates to more than the ${header.length + size} bytes its IDX header promises`);
  return { dims, data };
}

/** Reads from `stream` into `target` from `offset` until it is full or the stream ends; returns how far it is filled. */
function readFully(stream: ByteStream, target: Uint8Array, offset: number): number {
  let filled = offset;
  while (filled < target.length) {
    const count = stream.read(target, filled);
    if (count === 0) break;
    filled += count;
  }
  return filled;
}

/**
 * Decodes IDX bytes: magic 0x00 0x00 0x08 <dimension count>, the dimensions as big-endian
 * uint32, then exactly their product of bytes. Anything else is a UserError naming `file`;
 * with `kind`, so is a magic word of another number of dimensions.
 */
export function decodeIdx(bytes: Uint8Array, file: string, kind?: IdxKind): IdxArray {
  const header = decodeHeader(bytes, file, kind);
  if (bytes.length !== header.length + dataSize(header.dims)) throw wrongDataSize(file, header.dims, bytes.length - header.length);
  return { dims: header.dims, data: bytes.subarray(header.length) };
}

/** The bytes of data an IDX array of these dimensions holds. */
function dataSize(dims: readonly number[]): number {
  let size = 1;
  for (const dim of dims) size *= dim;
  return size;
}

/** The error for `found` bytes of data where the dimensions need another number. */
function wrongDataSize(file: string, dims: readonly number[], found: number): UserError {
  return new UserError(`${file}: dimensions ${dims.join('×')} need ${dataSize(dims)} bytes of data, found ${found}`);
}

/** The magic word's checks and the dimensions of the IDX header at the start of `bytes`. */
function decodeHeader(bytes: Uint8Array, file: string, kind: IdxKind | undefined): { dims: number[]; length: number } {
  const rank = checkMagic(bytes, file, kind);
  const length = MAGIC_BYTES + 4 * rank;
  if (rank === 0 || bytes.length < length) {
    throw new UserError(`${file}: IDX header is truncated or has no dimensions`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(MAGIC_BYTES + 4 * d, false));
  return { dims, length };
}

/** Checks the magic word at the start of `bytes` (with `kind`, its number of dimensions too); returns that number. */
function checkMagic(bytes: Uint8Array, file: string, kind: IdxKind | undefined): number {
  if (bytes.length < MAGIC_BYTES || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new UserError(`${file}: not an IDX file (the magic number must start with two zero bytes)`);
  }
  if (bytes[2] !== UBYTE) {
    throw new UserError(`${file}: IDX element type 0x${hex(bytes[2], 2)} is not supported (only unsigned bytes, 0x08)`);
  }
  const rank = bytes[3];
  if (kind !== undefined && rank !== kind.rank) {
    throw new UserError(`${file}: magic ${idxMagic(rank)} is not ${kind.name} (expected ${idxMagic(kind.rank)}${kind.dims === undefined ? '' : `: ${kind.dims}`})`);
  }
  return rank;
}

/** The IDX bytes of an unsigned-byte array with dimensions `dims` (the inverse of `decodeIdx`). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const size = dataSize(dims);
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
