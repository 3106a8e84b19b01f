// The order in which one epoch visits the training rows.

import type { Random } from '../tensor/random.js';

/**
 * The row order of one epoch: a fresh permutation drawn from `random` (the run's shuffle stream,
 * so that epoch k's order depends only on the seed and k), or the file order when `random` is null.
 */
export function epochOrder(count: number, random: Random | null): Uint32Array {
  if (!(Number.isSafeInteger(count) && count >= 0)) throw new RangeError(`epochOrder: the row count must be a whole number, got ${count}`);
  if (random !== null) return random.permutation(count);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}
