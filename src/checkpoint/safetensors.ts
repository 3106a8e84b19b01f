// The safetensors file format (Hugging Face): an 8-byte length, a JSON header, then the tensors' raw bytes.
//
// Layout, as the format's README states it:
// - 8 bytes: N, an unsigned little-endian 64-bit integer, the header's length in bytes;
// - N bytes: a UTF-8 JSON object that starts with '{' and may be padded at the end with spaces (0x20);
//   it maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}, the offsets relative
//   to the start of the byte buffer; the optional key "__metadata__" maps strings to strings;
// - the byte buffer: every tensor's elements, little-endian, row-major, with no holes and no overlaps.
// This writer pads the header to a multiple of 8 bytes and orders tensors by falling element size, so
// every tensor starts at a multiple of its element size.

import { UserError } from '../errors.js';
import { atomicWrite } from '../io/atomic-write.js';
import { closeRegularFile, openRegularFile, readAt } from '../io/regular-file.js';
import { isCount, isRecord } from './json-guards.js';
import { isSafetensorsDType, itemSize, safetensorsDTypes, type SafetensorsDType, type SafetensorsEntry } from './safetensors-entry.js';

/** A whole file: the tensors by name and the `__metadata__` strings. */
export interface SafetensorsFile {
  tensors: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

/** The largest header accepted, as in the reference implementation: 100 MB. */
const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
/** The file's bytes: header length, header padded with spaces to a multiple of 8, then the tensors. */
export function encodeSafetensors(file: SafetensorsFile): Uint8Array {
  const entries = [...file.tensors].sort(([a, x], [b, y]) => itemSize(y.dtype) - itemSize(x.dtype) || compare(a, b));
  const header: Record<string, unknown> = {};
  if (Object.keys(file.metadata).length > 0) header[METADATA_KEY] = checkedMetadata(file.metadata);
  let offset = 0;
  for (const [name, entry] of entries) {
    checkEntry(name, entry);
    header[name] = { dtype: entry.dtype, shape: entry.shape, data_offsets: [offset, offset + entry.bytes.length] };
    offset += entry.bytes.length;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const [, entry] of entries) {
    out.set(entry.bytes, at);
    at += entry.bytes.length;
  }
  return out;
}

/**
 * Parses and checks a whole safetensors file held in `bytes`; `source` (a path) starts every error message.
 * Checks: the length prefix against the file, UTF-8 and JSON of the header, each tensor's dtype, shape and
 * offsets (inside the buffer, length = elements × element size), and that the tensors tile the buffer exactly.
 */
export function decodeSafetensors(file: Uint8Array, source: string): SafetensorsFile {
  // A plain view: a Node Buffer's slice() would share memory instead of copying.
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  const fail = (what: string): never => {
    throw new UserError(`${source}: ${what}`);
  };
  const headerLength = headerLengthOf(bytes, bytes.length, fail);
  const header = parseHeader(bytes.subarray(8, 8 + headerLength), fail);
  const buffer = bytes.subarray(8 + headerLength);

  const metadata: Record<string, string> = {};
  const ranges: { name: string; begin: number; end: number }[] = [];
  const tensors = new Map<string, SafetensorsEntry>();
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      if (!isRecord(value)) fail('"__metadata__" must be an object of strings');
      for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
        if (typeof text !== 'string') fail(`"__metadata__" key "${key}" is not a string`);
        metadata[key] = text as string;
      }
      continue;
    }
    const { dtype, shape, begin, end } = parseEntry(value, buffer.length, (what) => fail(`tensor "${name}": ${what}`));
    ranges.push({ name, begin, end });
    tensors.set(name, { dtype, shape, bytes: buffer.slice(begin, end) });
  }
  checkTiling(ranges, buffer.length, fail);
  return { tensors, metadata };
}

/**
 * Reads and checks the safetensors file at `path`; every problem is a UserError naming the file.
 * Only a regular file is read (a device or a FIFO is refused before a byte is read), and its header
 * length is checked against the file's size before the rest is read: nothing is read past the file's size.
 */
export function readSafetensors(path: string): SafetensorsFile {
  const file = openRegularFile(path);
  try {
    headerLengthOf(readAt(file, 0, Math.min(8, file.size)), file.size, (what) => {
      throw new UserError(`${path}: ${what}`);
    });
    return decodeSafetensors(readAt(file, 0, file.size), path);
  } finally {
    closeRegularFile(file);
  }
}

/** Writes `file` to `path` atomically (the old file stays whole until the new one is complete). */
export function writeSafetensors(path: string, file: SafetensorsFile): void {
  atomicWrite(path, encodeSafetensors(file));
}

/** The header length the first 8 of `prefix` declare, checked against the `fileLength` bytes of the whole file. */
function headerLengthOf(prefix: Uint8Array, fileLength: number, fail: (what: string) => never): number {
  if (prefix.length < 8) return fail(`truncated: ${fileLength} bytes, too short for the 8-byte header length`);
  const declared = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) fail(`header length ${declared} is over the ${MAX_HEADER_BYTES}-byte limit: not a safetensors file?`);
  const headerLength = Number(declared);
  if (8 + headerLength > fileLength) fail(`truncated: the header should be ${headerLength} bytes but only ${fileLength - 8} follow the length`);
  return headerLength;
}

function parseHeader(bytes: Uint8Array, fail: (what: string) => never): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('the header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail(`the header must start with '{', found ${JSON.stringify(text.slice(0, 8))}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`the header is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(parsed)) fail('the header must be a JSON object');
  return parsed as Record<string, unknown>;
}

function parseEntry(
  value: unknown,
  bufferLength: number,
  fail: (what: string) => never,
): { dtype: SafetensorsDType; shape: number[]; begin: number; end: number } {
  if (!isRecord(value)) return fail('its entry must be an object with dtype, shape and data_offsets');
  for (const key of Object.keys(value)) {
    if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets') fail(`unknown field "${key}"`);
  }
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (!isSafetensorsDType(dtype)) {
    fail(`unknown dtype ${JSON.stringify(dtype)} (known: ${safetensorsDTypes.join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) fail(`shape ${JSON.stringify(shape)} must be a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(`data_offsets ${JSON.stringify(offsets)} must be two non-negative integers [begin, end]`);
  }
  const known = dtype as SafetensorsDType;
  const dims = shape as number[];
  const [begin, end] = offsets as number[];
  if (begin > end) fail(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > bufferLength) fail(`data_offsets [${begin}, ${end}] run past the ${bufferLength} bytes of data (the file is truncated?)`);
  const expected = byteLength(known, dims);
  if (expected !== end - begin) {
    fail(`data_offsets [${begin}, ${end}] hold ${end - begin} bytes but ${known} [${dims.join(', ')}] needs ${expected ?? 'too many'}`);
  }
  return { dtype: known, shape: dims, begin, end };
}

/** NOTE: JSON.parse keeps the last of duplicate names; the earlier one's bytes then show up here as a hole. */
function checkTiling(ranges: { name: string; begin: number; end: number }[], bufferLength: number, fail: (what: string) => never): void {
  ranges.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous = '';
  for (const range of ranges) {
    if (range.begin < covered) fail(`tensors "${previous}" and "${range.name}" overlap at byte ${range.begin} of the data`);
    if (range.begin > covered) fail(`bytes ${covered}..${range.begin} of the data belong to no tensor (before "${range.name}")`);
    covered = range.end;
    previous = range.name;
  }
  if (covered !== bufferLength) fail(`the last ${bufferLength - covered} bytes of the data belong to no tensor`);
}

function checkEntry(name: string, entry: SafetensorsEntry): void {
  if (name === METADATA_KEY || name.length === 0) throw new RangeError(`safetensors: ${JSON.stringify(name)} cannot name a tensor`);
  if (!isSafetensorsDType(entry.dtype)) throw new RangeError(`safetensors: tensor "${name}" has unknown dtype ${entry.dtype}`);
  if (!entry.shape.every((dim) => isCount(dim))) throw new RangeError(`safetensors: tensor "${name}" has a bad shape [${entry.shape.join(', ')}]`);
  const expected = byteLength(entry.dtype, entry.shape);
  if (expected !== entry.bytes.length) {
    throw new RangeError(`safetensors: tensor "${name}" has ${entry.bytes.length} bytes but ${entry.dtype} [${entry.shape.join(', ')}] needs ${expected}`);
  }
}

function checkedMetadata(metadata: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new RangeError(`safetensors: metadata "${key}" must be a string`);
  }
  return metadata;
}

/** Elements × element size, or undefined when that is not a safe integer. */
function byteLength(dtype: SafetensorsDType, shape: readonly number[]): number | undefined {
  let bytes = itemSize(dtype);
  for (const dim of shape) {
    bytes *= dim;
    if (!Number.isSafeInteger(bytes)) return undefined;
  }
  return bytes;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
