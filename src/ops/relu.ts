// ReLU, max(z, 0): its derivative, and its steps as the SIMD kernels for float32 views of kernel memory, else loops giving the same bits.

import type { BoundStep } from '../kernels/bound-kernel.js';
import { kernelsOwning } from '../kernels/kernels-owning.js';
import type { Storage } from '../tensor/dtype.js';
import type { ElementwiseActivation } from './activation.js';

/** ReLU; relu'(0) is taken as 0, as PyTorch does. */
export const relu: ElementwiseActivation = {
  kind: 'elementwise',
  symbol: 'relu',
  onnx: { op: 'Relu' },
  hidden: true,
  init: 'he',
  value: (x) => (x > 0 ? x : 0),
  derivative: (x) => (x > 0 ? 1 : 0),
  bindForward: (z, a, rows, width) => bindRelu(z, a, rows * width),
  bindBackward: (z, _a, u, g, rows, width) => bindReluBackward(z, u, g, rows * width),
};

/** a[i] = z[i] > 0 ? z[i] : 0 for i < n (NaN and −0 give +0): relu_f32 (chosen once, here) or the loop. */
function bindRelu(z: Storage, a: Storage, n: number): BoundStep {
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

/** g[i] = z[i] > 0 ? u[i] : 0 for i < n: relu_backward_f32 (chosen once, here) or the loop. */
function bindReluBackward(z: Storage, u: Storage, g: Storage, n: number): BoundStep {
  checkLength('relu backward', n, z, u, g);
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
