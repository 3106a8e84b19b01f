// A strided view over typed storage: the value type of einsum and of the calculus module.

import { DTYPES, type DType, type Storage, allocate, dtypeOf } from './dtype.js';
import { checkShape, contiguousStrides, sizeOf } from './shape.js';

/**
 * A tensor: `data[offset + Σ index[a]·strides[a]]` is the element at `index`.
 * The storage may be a view over a SharedArrayBuffer (shared weights) or over kernel memory.
 */
export class Tensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];

  constructor(
    readonly data: Storage,
    shape: readonly number[],
    strides?: readonly number[],
    readonly offset = 0,
  ) {
    checkShape(shape);
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new TypeError(`a Tensor's data must be a Float32Array or Float64Array (tensor() converts plain arrays)`);
    }
    const own = strides === undefined ? contiguousStrides(shape) : strides.slice();
    if (own.length !== shape.length) {
      throw new RangeError(`shape [${shape.join(', ')}] has ${shape.length} axes but ${own.length} strides`);
    }
    if (!allSafeIntegers(own) || !Number.isSafeInteger(offset)) {
      throw new RangeError(`strides [${own.join(', ')}] and offset ${offset} must be integers`);
    }
    this.dtype = dtypeOf(data);
    this.shape = shape.slice();
    this.strides = own;
    // The lowest and highest elements the view reaches: a negative stride walks down from the offset.
    let first = offset;
    let last = offset;
    let size = 1;
    for (let a = 0; a < shape.length; a++) {
      const span = Math.max(0, shape[a] - 1) * own[a];
      if (span < 0) first += span;
      else last += span;
      size *= shape[a];
    }
    if (size > 0 && (first < 0 || last >= data.length)) {
      throw new RangeError(`shape [${shape.join(', ')}] with strides [${own.join(', ')}] at offset ${offset} reaches elements ${first} to ${last} of storage of length ${data.length}`);
    }
  }

  /** The number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** The number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** True when the elements are row-major and start at `offset` without gaps. */
  get isContiguous(): boolean {
    let expected = 1;
    for (let a = this.shape.length - 1; a >= 0; a--) {
      const d = this.shape[a];
      if (d > 1 && this.strides[a] !== expected) return false;
      expected *= d;
    }
    return true;
  }

  /** The element at a multi-index. */
  get(...index: number[]): number {
    return this.data[this.position(index)];
  }

  /** Sets the element at a multi-index. */
  set(value: number, ...index: number[]): void {
    this.data[this.position(index)] = value;
  }

  /** A contiguous copy (or this tensor itself when it is contiguous, starts at 0 and fills its storage). */
  contiguous(): Tensor {
    if (this.isContiguous && this.offset === 0 && this.data.length === this.size) return this;
    const out = allocate(this.dtype, this.size);
    copyStrided(this, out);
    return new Tensor(out, this.shape);
  }

  /** The elements as a plain array, row-major. */
  toArray(): number[] {
    return Array.from(this.contiguous().data);
  }

  private position(index: readonly number[]): number {
    if (index.length !== this.rank) {
      throw new RangeError(`index [${index.join(', ')}] has ${index.length} axes; the tensor has ${this.rank}`);
    }
    let p = this.offset;
    for (let a = 0; a < index.length; a++) {
      const i = index[a];
      if (!Number.isInteger(i) || i < 0 || i >= this.shape[a]) {
        throw new RangeError(`index ${i} is out of range for axis ${a} of size ${this.shape[a]}`);
      }
      p += i * this.strides[a];
    }
    return p;
  }
}

/** Integer typed arrays that tensor() converts (to float64 unless told float32). */
export type NumericArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;

/**
 * Makes a contiguous tensor of `shape` (default: one axis of all the elements). Without `dtype`, plain
 * arrays of numbers and integer typed arrays become float64, and a Float32Array or Float64Array keeps its
 * dtype and is used without a copy. With `dtype`, the elements are converted to it when they are of another type.
 * Pass `'float32'` for speed: float32 contractions run in WebAssembly, float64 ones in TypeScript.
 */
export function tensor(data: readonly number[] | Storage | NumericArray, shape?: readonly number[], dtype?: DType): Tensor {
  if (dtype !== undefined && !DTYPES.includes(dtype)) {
    throw new TypeError(`tensor(): dtype ${JSON.stringify(dtype)} is not one of ${DTYPES.join(', ')}`);
  }
  const storage = toStorage(data, dtype);
  const s = shape ?? [storage.length];
  if (sizeOf(s) !== storage.length) {
    throw new RangeError(`tensor of shape [${s.join(', ')}] needs ${sizeOf(s)} elements; got ${storage.length}`);
  }
  return new Tensor(storage, s);
}

/** `data` as storage of `dtype` (its own float dtype, else float64, when none is asked): itself when it already is, else a converted copy. */
function toStorage(data: unknown, dtype: DType | undefined): Storage {
  if (data instanceof Float32Array || data instanceof Float64Array) {
    if (dtype === undefined || dtype === dtypeOf(data)) return data;
    return dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data);
  }
  const numeric = (Array.isArray(data) && data.every((x) => typeof x === 'number')) || isNumericArray(data);
  if (!numeric) throw new TypeError('tensor() takes an array of numbers, a Float32Array, a Float64Array or an integer typed array');
  return dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data);
}

function isNumericArray(data: unknown): data is NumericArray {
  return (
    data instanceof Int8Array || data instanceof Uint8Array || data instanceof Uint8ClampedArray || data instanceof Int16Array ||
    data instanceof Uint16Array || data instanceof Int32Array || data instanceof Uint32Array
  );
}

/** A zero tensor, float64 unless `dtype` says float32. */
export function zeros(shape: readonly number[], dtype: DType = 'float64'): Tensor {
  checkShape(shape);
  return new Tensor(allocate(dtype, sizeOf(shape)), shape);
}

function copyStrided(t: Tensor, out: Storage): void {
  const rank = t.rank;
  const index = new Array<number>(rank).fill(0);
  const n = t.size;
  let p = t.offset;
  for (let k = 0; k < n; k++) {
    out[k] = t.data[p];
    for (let a = rank - 1; a >= 0; a--) {
      index[a]++;
      p += t.strides[a];
      if (index[a] < t.shape[a]) break;
      p -= index[a] * t.strides[a];
      index[a] = 0;
    }
  }
}

function allSafeIntegers(values: readonly number[]): boolean {
  for (let a = 0; a < values.length; a++) if (!Number.isSafeInteger(values[a])) return false;
  return true;
}
