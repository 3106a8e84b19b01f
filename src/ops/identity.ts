// The identity: a = z, for a linear output layer; both steps copy (nothing at all when done in place).

import type { Storage } from '../tensor/dtype.js';
import type { ElementwiseActivation } from './activation.js';

/** The identity; its derivative is 1. */
export const identity: ElementwiseActivation = {
  kind: 'elementwise',
  symbol: 'id',
  onnx: { op: 'Identity' },
  hidden: true,
  init: 'xavier',
  value: (x) => x,
  derivative: () => 1,
  bindForward: (z, a, rows, width) => () => copy(z, a, rows * width),
  bindBackward: (_z, _a, u, g, rows, width) => () => copy(u, g, rows * width),
};

/** to[i] = from[i] for i < n, unless they are one array. */
function copy(from: Storage, to: Storage, n: number): void {
  if (to !== from) for (let i = 0; i < n; i++) to[i] = from[i];
}
