// Leaky ReLU: z above zero, 0.01·z below; its derivative 1 or 0.01, and its loops.

import type { ElementwiseActivation } from './activation.js';

/** The slope of leaky ReLU below zero. */
export const leakySlope = 0.01;

/** Leaky ReLU; at 0 its derivative is taken as the slope below. */
export const leakyRelu: ElementwiseActivation = {
  kind: 'elementwise',
  symbol: 'lrelu',
  onnx: { op: 'LeakyRelu', floats: { alpha: leakySlope } },
  hidden: true,
  init: 'he',
  value: (x) => (x > 0 ? x : leakySlope * x),
  derivative: (x) => (x > 0 ? 1 : leakySlope),
  bindForward(z, a, rows, width) {
    const n = rows * width;
    return () => {
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : leakySlope * z[i];
    };
  },
  bindBackward(z, _a, u, g, rows, width) {
    const n = rows * width;
    return () => {
      for (let i = 0; i < n; i++) g[i] = z[i] > 0 ? u[i] : leakySlope * u[i];
    };
  },
};
