// A per-column affine map x' = (x − shift[j]) / divisor[j] over rows of values: the form of a feature normalisation and of a target scaling.

/** Per-column shift and divisor: the value in column j becomes (x − shift[j]) / divisor[j]; as many columns in each. */
export interface ColumnAffine {
  readonly shift: Float64Array;
  readonly divisor: Float64Array;
}

/** `count` rows of `values` (as many columns as the map has) mapped column by column into a new array, each result computed in float64 and rounded once to float32. */
export function applyColumnAffine(affine: ColumnAffine, values: Float32Array, count: number): Float32Array {
  const mapped = new Float32Array(values.length);
  // The identity map gives every value back exactly: a copy is the same bits.
  if (isIdentityAffine(affine)) {
    mapped.set(values);
    return mapped;
  }
  const { shift, divisor } = affine;
  const width = shift.length;
  for (let r = 0, at = 0; r < count; r++) {
    for (let j = 0; j < width; j++, at++) mapped[at] = (values[at] - shift[j]) / divisor[j];
  }
  return mapped;
}

/** True when the map leaves every column as it is (shift 0, divisor 1). */
export function isIdentityAffine(affine: ColumnAffine): boolean {
  return affine.shift.every((s) => s === 0) && affine.divisor.every((d) => d === 1);
}
