// Softmax along rows: the wasm kernel for float32 views of kernel memory, else the loop (the same bits).

import type { Storage } from '../tensor/dtype.js';
import type { BoundStep } from './bound-kernel.js';
import { kernelsOwning } from './kernels-owning.js';

/** s[n,i] = exp(z[n,i] − max_k z[n,k]) / Σ_k exp(z[n,k] − max_k z[n,k]) over `rows` rows of `width`. `s` may be `z`. */
export function softmaxRows(z: Storage, s: Storage, rows: number, width: number): void {
  bindSoftmaxRows(z, s, rows, width)();
}

/** softmaxRows bound to its buffers: the kernel (chosen once, here) or the loop. */
export function bindSoftmaxRows(z: Storage, s: Storage, rows: number, width: number): BoundStep {
  const kernels = z instanceof Float32Array && s instanceof Float32Array ? kernelsOwning(z, s) : undefined;
  if (kernels !== undefined && rows * width <= Math.min(z.length, s.length)) {
    const pz = z.byteOffset;
    const ps = s.byteOffset;
    return () => kernels.softmax_rows_f32(rows, width, pz, ps);
  }
  return () => {
    for (let r = 0, row = 0; r < rows; r++, row += width) {
      let max = -Infinity;
      for (let i = row; i < row + width; i++) if (z[i] > max) max = z[i];
      let sum = 0;
      for (let i = row; i < row + width; i++) {
        const e = Math.exp(z[i] - max);
        s[i] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let i = row; i < row + width; i++) s[i] *= inv;
    }
  };
}
