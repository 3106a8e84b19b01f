// The elementwise functions the calculus knows but no layer applies: exp and log for expressions, abs and the unit Huber for losses.

import type { ElementwiseFunction } from './elementwise-function.js';

/** The calculus's elementwise functions that are not activations, by name. */
export const FUNCTIONS = {
  exp: { symbol: 'exp', value: Math.exp, derivative: Math.exp },
  log: { symbol: 'log', value: Math.log, derivative: (x) => 1 / x },
  /** |x|, whose derivative sign(x) is taken as 0 at 0. */
  abs: { symbol: 'abs', value: Math.abs, derivative: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0) },
  /** Huber's function with δ = 1: x²/2 where |x| ≤ 1, else |x| − ½; its derivative is x clamped to [−1, 1]. */
  huber: {
    symbol: 'huber',
    value: (x) => (Math.abs(x) <= 1 ? 0.5 * x * x : Math.abs(x) - 0.5),
    derivative: (x) => (x > 1 ? 1 : x < -1 ? -1 : x),
  },
} as const satisfies Readonly<Record<string, ElementwiseFunction>>;
