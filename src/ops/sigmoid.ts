// The logistic sigmoid σ(z) = 1 / (1 + e^−z): its derivative σ(1 − σ), and its loops.

import type { ElementwiseActivation } from './activation.js';

/** σ(x) = 1 / (1 + e^−x). */
function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The sigmoid; its backward step reads σ' = a(1 − a) from the activations. */
export const sigmoid: ElementwiseActivation = {
  kind: 'elementwise',
  symbol: 'σ',
  onnx: { op: 'Sigmoid' },
  hidden: true,
  init: 'xavier',
  value: logistic,
  derivative: (x) => logistic(x) * (1 - logistic(x)),
  bindForward(z, a, rows, width) {
    const n = rows * width;
    return () => {
      for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
    };
  },
  bindBackward(_z, a, u, g, rows, width) {
    const n = rows * width;
    return () => {
      for (let i = 0; i < n; i++) g[i] = u[i] * a[i] * (1 - a[i]);
    };
  },
};
