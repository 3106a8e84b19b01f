// A strided view over typed storage: the value type of einsum and of the calculus module.

import { type DType, type Storage, allocate, dtypeOf } from './dtype.js';
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
    strides: readonly number[] = contiguousStrides(shape),
    readonly offset = 0,
  ) {
    checkShape(shape);
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new TypeError(`a Tensor's data must be a Float32Array or Float64Array (tensor() converts plain arrays)`);
    }
    if (strides.length !== shape.length) {
      throw new RangeError(`shape [${shape.join(', ')}] has ${shape.length} axes but ${strides.length} strides`);
    }
    if (!strides.every(Number.isSafeInteger) || !Number.isSafeInteger(offset)) {
      throw new RangeError(`strides [${strides.join(', ')}] and offset ${offset} must be integers`);
    }
    this.dtype = dtypeOf(data);
    this.shape = [...shape];
    this.strides = [...strides];
    // The lowest and highest elements the view reaches: a negative stride walks down from the offset.
    const [first, last] = reach(this.shape, this.strides, offset);
    if (sizeOf(shape) > 0 && (first < 0 || last >= data.length)) {
      throw new RangeError(`shape [${shape.join(', ')}] with strides [${strides.join(', ')}] at offset ${offset} reaches elements ${first} to ${last} of storage of length ${data.length}`);
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
    const expected = contiguousStrides(this.shape);
    return this.shape.every((d, a) => d <= 1 || this.strides[a] === expected[a]);
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

/** Makes a contiguous tensor. Arrays of numbers become float64; Float32Array and Float64Array keep their type (not copied). */
export function tensor(data: readonly number[] | Storage, shape?: readonly number[]): Tensor {
  if (!(data instanceof Float32Array || data instanceof Float64Array) && !(Array.isArray(data) && data.every((x) => typeof x === 'number'))) {
    throw new TypeError('tensor() takes an array of numbers, a Float32Array or a Float64Array');
  }
  const storage = data instanceof Float32Array || data instanceof Float64Array ? data : Float64Array.from(data);
  const s = shape ?? [storage.length];
  if (sizeOf(s) !== storage.length) {
    throw new RangeError(`tensor of shape [${s.join(', ')}] needs ${sizeOf(s)} elements; got ${storage.length}`);
  }
  return new Tensor(storage, s);
}

/** A zero tensor. */
export function zeros(shape: readonly number[], dtype: DType = 'float64'): Tensor {
  checkShape(shape);
  return new Tensor(allocate(dtype, sizeOf(shape)), shape);
}

/** The lowest and highest storage positions a view of `shape` with `strides` from `offset` touches. */
function reach(shape: readonly number[], strides: readonly number[], offset: number): [number, number] {
  let low = offset;
  let high = offset;
  for (let a = 0; a < shape.length; a++) {
    const span = Math.max(0, shape[a] - 1) * strides[a];
    if (span < 0) low += span;
    else high += span;
  }
  return [low, high];
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
