// ReLU and its backward step: the SIMD kernels for float32 views of kernel memory, else loops giving the same values.

import type { Storage } from '../tensor/dtype.js';
import type { BoundStep } from './bound-kernel.js';
import { kernelsOwning } from './kernels-owning.js';

/** a[i] = z[i] > 0 ? z[i] : 0 for i < n. `a` may be `z`. */
export function relu(z: Storage, a: Storage, n: number): void {
  bindRelu(z, a, n)();
}

/** relu bound to its buffers: the kernel (chosen once, here) or the loop. */
export function bindRelu(z: Storage, a: Storage, n: number): BoundStep {
  checkLength('relu', n, z, a);
  const kernels = z instanceof Float32Array && a instanceof Float32Array ? kernelsOwning(z, a) : undefined;
  if (kernels !== undefined) {
    const pz = z.byteOffset;
    const pa = a.byteOffset;
    return () => kernels.relu_f32(n, pz, pa);
  }
  return () => {
    for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
  };
}

/** g[i] = z[i] > 0 ? u[i] : 0 for i < n: ∂C/∂z from u = ∂C/∂a, relu'(0) taken as 0 (as PyTorch does). `g` may be `u`. */
export function reluBackward(z: Storage, u: Storage, g: Storage, n: number): void {
  bindReluBackward(z, u, g, n)();
}

/** reluBackward bound to its buffers: the kernel (chosen once, here) or the loop. */
export function bindReluBackward(z: Storage, u: Storage, g: Storage, n: number): BoundStep {
  checkLength('reluBackward', n, z, u, g);
  const kernels = z instanceof Float32Array && u instanceof Float32Array && g instanceof Float32Array ? kernelsOwning(z, u, g) : undefined;
  if (kernels !== undefined) {
    const pz = z.byteOffset;
    const pu = u.byteOffset;
    const pg = g.byteOffset;
    return () => kernels.relu_backward_f32(n, pz, pu, pg);
  }
  return () => {
    for (let i = 0; i < n; i++) g[i] = z[i] > 0 ? u[i] : 0;
  };
}

function checkLength(name: string, n: number, ...arrays: Storage[]): void {
  for (const array of arrays) {
    if (!Number.isInteger(n) || n < 0 || n > array.length) throw new RangeError(`${name}: ${n} elements do not fit an array of ${array.length}`);
  }
}
