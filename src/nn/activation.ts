// Activation functions and their backward step over row-major [rows, width] buffers (ReLU and softmax through src/kernels).

import { leakySlope } from '../calculus/rules.js';
import type { BoundStep } from '../kernels/bound-kernel.js';
import { bindRelu, bindReluBackward, relu, reluBackward } from '../kernels/relu.js';
import { bindSoftmaxRows, softmaxRows } from '../kernels/softmax.js';
import type { Storage } from '../tensor/dtype.js';
import type { ActivationName } from '../ops/activations.js';

/** a = σ(z) over `rows × width` elements (softmax: along each row). `a` may be `z`. */
export function activate(name: ActivationName, z: Storage, a: Storage, rows: number, width: number): void {
  const n = rows * width;
  switch (name) {
    case 'sigmoid':
      for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
      return;
    case 'relu':
      relu(z, a, n);
      return;
    case 'leaky-relu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : leakySlope * z[i];
      return;
    case 'identity':
      if (a !== z) for (let i = 0; i < n; i++) a[i] = z[i];
      return;
    case 'softmax':
      softmaxRows(z, a, rows, width);
      return;
  }
}

/** `activate` bound to its buffers and sizes: ReLU and softmax pick their kernel once, here. */
export function bindActivation(name: ActivationName, z: Storage, a: Storage, rows: number, width: number): BoundStep {
  if (name === 'relu') return bindRelu(z, a, rows * width);
  if (name === 'softmax') return bindSoftmaxRows(z, a, rows, width);
  return () => activate(name, z, a, rows, width);
}

/** `activationBackward` bound to its buffers and sizes: ReLU picks its kernel once, here. */
export function bindActivationBackward(name: ActivationName, z: Storage, a: Storage, u: Storage, g: Storage, rows: number, width: number): BoundStep {
  if (name === 'relu') return bindReluBackward(z, u, g, rows * width);
  return () => activationBackward(name, z, a, u, g, rows, width);
}

/**
 * g = ∂C/∂z from u = ∂C/∂a: g[n,i] = u[n,i]·σ'(z[n,i]) (the delta of ∂a/∂z simplified away),
 * and for softmax g[n,i] = s[n,i]·(u[n,i] − Σ_k u[n,k]·s[n,k]). `g` may be `u`.
 */
export function activationBackward(
  name: ActivationName,
  z: Storage,
  a: Storage,
  u: Storage,
  g: Storage,
  rows: number,
  width: number,
): void {
  const n = rows * width;
  switch (name) {
    case 'sigmoid':
      for (let i = 0; i < n; i++) g[i] = u[i] * a[i] * (1 - a[i]);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) g[i] = u[i] * (1 - a[i] * a[i]);
      return;
    case 'relu':
      reluBackward(z, u, g, n);
      return;
    case 'leaky-relu':
      for (let i = 0; i < n; i++) g[i] = z[i] > 0 ? u[i] : leakySlope * u[i];
      return;
    case 'identity':
      if (g !== u) for (let i = 0; i < n; i++) g[i] = u[i];
      return;
    case 'softmax':
      softmaxBackwardRows(a, u, g, rows, width);
      return;
  }
}

function softmaxBackwardRows(s: Storage, u: Storage, g: Storage, rows: number, width: number): void {
  for (let r = 0, row = 0; r < rows; r++, row += width) {
    let dot = 0;
    for (let i = row; i < row + width; i++) dot += u[i] * s[i];
    for (let i = row; i < row + width; i++) g[i] = s[i] * (u[i] - dot);
  }
}
