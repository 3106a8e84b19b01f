// One safetensors tensor: its element type, shape and raw little-endian bytes, and conversions to and from typed arrays.

import { isCount } from './json-guards.js';

const ITEM_SIZES = {
  F64: 8,
  I64: 8,
  U64: 8,
  F32: 4,
  I32: 4,
  U32: 4,
  F16: 2,
  BF16: 2,
  I16: 2,
  U16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
} as const;

/** The element types this reader and writer know (the byte-sized and larger ones of the format). */
export type SafetensorsDType = keyof typeof ITEM_SIZES;

/** One tensor: its element type, its shape, and its elements as raw little-endian bytes, row-major. */
export interface SafetensorsEntry {
  dtype: SafetensorsDType;
  shape: number[];
  bytes: Uint8Array;
}

/** The typed arrays a tensor's elements can be read into (F16, BF16 and F8 as their raw bit patterns). */
export type TensorValues =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/** NOTE: typed arrays use the host's byte order and the format is little-endian; big-endian hosts swap. */
const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Bytes per element of `dtype`. */
export function itemSize(dtype: SafetensorsDType): number {
  return ITEM_SIZES[dtype];
}

/** Whether `name` is an element type this module knows ("F32", "I64", …). */
export function isSafetensorsDType(name: unknown): name is SafetensorsDType {
  return typeof name === 'string' && Object.hasOwn(ITEM_SIZES, name);
}

/** Every known element type, largest elements first. */
export const safetensorsDTypes = Object.keys(ITEM_SIZES) as SafetensorsDType[];

/** A tensor of `dtype` and `shape` holding a little-endian copy of `values`; throws if the sizes disagree. */
export function safetensor(dtype: SafetensorsDType, shape: readonly number[], values: TensorValues): SafetensorsEntry {
  if (values.BYTES_PER_ELEMENT !== ITEM_SIZES[dtype]) {
    throw new RangeError(`safetensor: a ${values.constructor.name} cannot hold ${dtype} elements`);
  }
  const count = elementCount(shape);
  if (count !== values.length) throw new RangeError(`safetensor: shape [${shape.join(', ')}] needs ${count} elements, got ${values.length}`);
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
  if (!hostIsLittleEndian) swapBytes(bytes, ITEM_SIZES[dtype]);
  return { dtype, shape: [...shape], bytes };
}

/** The elements of `entry` in a new typed array of the matching kind (F16, BF16 as Uint16Array bits; F8, BOOL as Uint8Array). */
export function valuesOf(entry: SafetensorsEntry): TensorValues {
  const bytes = new Uint8Array(entry.bytes);
  if (!hostIsLittleEndian) swapBytes(bytes, ITEM_SIZES[entry.dtype]);
  const buffer = bytes.buffer;
  switch (entry.dtype) {
    case 'F64':
      return new Float64Array(buffer);
    case 'I64':
      return new BigInt64Array(buffer);
    case 'U64':
      return new BigUint64Array(buffer);
    case 'F32':
      return new Float32Array(buffer);
    case 'I32':
      return new Int32Array(buffer);
    case 'U32':
      return new Uint32Array(buffer);
    case 'F16':
    case 'BF16':
    case 'U16':
      return new Uint16Array(buffer);
    case 'I16':
      return new Int16Array(buffer);
    case 'I8':
      return new Int8Array(buffer);
    case 'U8':
    case 'BOOL':
    case 'F8_E5M2':
    case 'F8_E4M3':
      return new Uint8Array(buffer);
  }
}

function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const dim of shape) {
    if (!isCount(dim)) throw new RangeError(`safetensor: shape [${shape.join(', ')}] must hold non-negative integers`);
    count *= dim;
  }
  return count;
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let start = 0; start < bytes.length; start += size) {
    for (let i = start, j = start + size - 1; i < j; i++, j--) {
      const t = bytes[i];
      bytes[i] = bytes[j];
      bytes[j] = t;
    }
  }
}
