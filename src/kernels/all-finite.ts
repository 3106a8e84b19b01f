// The check that a float32 buffer holds no NaN or ±Inf, before an optimiser step makes it permanent.

import { kernelsOwning } from './kernels-owning.js';

/** True when no value is NaN or ±Inf: the SIMD kernel for views of kernel memory, else a loop. */
export function allFinite(values: Float32Array): boolean {
  return bindAllFinite(values)();
}

/** allFinite bound to its array: the kernel or the loop, chosen once, here. */
export function bindAllFinite(values: Float32Array): () => boolean {
  const kernels = kernelsOwning(values);
  if (kernels !== undefined) {
    const n = values.length;
    const at = values.byteOffset;
    return () => kernels.nonfinite_f32(n, at) === 0;
  }
  return () => {
    let sum = 0;
    // NaN and ±Inf survive multiplication by 0 as NaN; finite values give ±0.
    for (let i = 0; i < values.length; i++) sum += values[i] * 0;
    return sum === 0;
  };
}
