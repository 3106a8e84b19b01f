// ReLU and its backward step: the SIMD kernels for float32 views of kernel memory, else loops giving the same values.

import type { Storage } from '../tensor/dtype.js';
import { kernelsOwning } from './kernels-owning.js';

/** a[i] = z[i] > 0 ? z[i] : 0 for i < n. `a` may be `z`. */
export function relu(z: Storage, a: Storage, n: number): void {
  checkLength('relu', n, z, a);
  const kernels = z instanceof Float32Array && a instanceof Float32Array ? kernelsOwning(z, a) : undefined;
  if (kernels !== undefined) {
    kernels.relu_f32(n, z.byteOffset, a.byteOffset);
    return;
  }
  for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
}

/** g[i] = z[i] > 0 ? u[i] : 0 for i < n: ∂C/∂z from u = ∂C/∂a, relu'(0) taken as 0 (as PyTorch does). `g` may be `u`. */
export function reluBackward(z: Storage, u: Storage, g: Storage, n: number): void {
  checkLength('reluBackward', n, z, u, g);
  const kernels = z instanceof Float32Array && u instanceof Float32Array && g instanceof Float32Array ? kernelsOwning(z, u, g) : undefined;
  if (kernels !== undefined) {
    kernels.relu_backward_f32(n, z.byteOffset, u.byteOffset, g.byteOffset);
    return;
  }
  for (let i = 0; i < n; i++) g[i] = z[i] > 0 ? u[i] : 0;
}

function checkLength(name: string, n: number, ...arrays: Storage[]): void {
  for (const array of arrays) {
    if (!Number.isInteger(n) || n < 0 || n > array.length) throw new RangeError(`${name}: ${n} elements do not fit an array of ${array.length}`);
  }
}
