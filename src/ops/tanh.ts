// The hyperbolic tangent: its derivative 1 − tanh², and its loops.

import type { ElementwiseActivation } from './activation.js';

/** tanh; its backward step reads tanh' = 1 − a² from the activations. */
export const tanh: ElementwiseActivation = {
  kind: 'elementwise',
  symbol: 'tanh',
  onnx: { op: 'Tanh' },
  hidden: true,
  init: 'xavier',
  value: Math.tanh,
  derivative: (x) => 1 - Math.tanh(x) ** 2,
  bindForward(z, a, rows, width) {
    const n = rows * width;
    return () => {
      for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
    };
  },
  bindBackward(_z, a, u, g, rows, width) {
    const n = rows * width;
    return () => {
      for (let i = 0; i < n; i++) g[i] = u[i] * (1 - a[i] * a[i]);
    };
  },
};
