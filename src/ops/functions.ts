// The elementwise functions the calculus knows but no layer applies: exp and log, for typed expressions and losses.

import type { ElementwiseFunction } from './elementwise-function.js';

/** The calculus's elementwise functions that are not activations, by name. */
export const FUNCTIONS = {
  exp: { symbol: 'exp', value: Math.exp, derivative: Math.exp },
  log: { symbol: 'log', value: Math.log, derivative: (x) => 1 / x },
} as const satisfies Readonly<Record<string, ElementwiseFunction>>;
