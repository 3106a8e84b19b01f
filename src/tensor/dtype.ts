// Element types and the typed arrays that store them.

/**
 * The element types einprop computes in: float32 for training and speed (its GEMM runs in
 * WebAssembly, several times faster), float64 for checks. tensor() makes float64 from plain
 * arrays of numbers unless told `'float32'`.
 */
export type DType = 'float32' | 'float64';

/** The dtypes, for checking a value that should be one. */
export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** Typed storage of one of the supported element types. */
export type Storage = Float32Array | Float64Array;

/** The element type of a typed array. */
export function dtypeOf(data: Storage): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

/** A zero-filled array of `length` elements of `dtype`. */
export function allocate(dtype: DType, length: number): Storage {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** Bytes per element of `dtype`. */
export function bytesPer(dtype: DType): number {
  return dtype === 'float32' ? 4 : 8;
}
