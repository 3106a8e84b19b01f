// Softmax along rows: the wasm kernel for float32 views of kernel memory, else the loop (the same bits); its backward step s ⊙ (u − ⟨u, s⟩).

import type { BoundStep } from '../kernels/bound-kernel.js';
import { kernelsOwning } from '../kernels/kernels-owning.js';
import type { Storage } from '../tensor/dtype.js';
import type { SoftmaxActivation } from './activation.js';

/** Softmax, for output layers only (its `hidden` is typed `false`, which keeps it out of HiddenActivationName); its derivative rule is the calculus's softmax node. */
export const softmax: SoftmaxActivation & { readonly hidden: false } = {
  kind: 'softmax',
  onnx: { op: 'Softmax', ints: { axis: -1 } },
  hidden: false,
  init: 'xavier',
  bindForward: bindSoftmaxRows,
  bindBackward: (_z, s, u, g, rows, width) => () => softmaxBackwardRows(s, u, g, rows, width),
};

/**
 * s[n,i] = exp(z[n,i] − max_k z[n,k]) / Σ_k exp(z[n,k] − max_k z[n,k]) over `rows` rows of `width`
 * (`s` may be `z`): softmax_rows_f32 (chosen once, here) or the loop.
 */
function bindSoftmaxRows(z: Storage, s: Storage, rows: number, width: number): BoundStep {
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

/** g[n,i] = s[n,i]·(u[n,i] − Σ_k u[n,k]·s[n,k]): the Jacobian diag(s) − s sᵀ of each row applied to u. `g` may be `u`. */
function softmaxBackwardRows(s: Storage, u: Storage, g: Storage, rows: number, width: number): void {
  for (let r = 0, row = 0; r < rows; r++, row += width) {
    let dot = 0;
    for (let i = row; i < row + width; i++) dot += u[i] * s[i];
    for (let i = row; i < row + width; i++) g[i] = s[i] * (u[i] - dot);
  }
}
