// Shapes and row-major strides.

/** The number of elements of a tensor of this shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C-order) strides, in elements, for a contiguous tensor of this shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Throws unless every dimension is a non-negative integer. */
export function checkShape(shape: readonly number[]): void {
  for (let axis = 0; axis < shape.length; axis++) {
    const d = shape[axis];
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`shape [${shape.join(', ')}]: dimension ${axis} is ${d}, not a non-negative integer`);
    }
  }
}
