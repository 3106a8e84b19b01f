// The names of each optimiser's state buffers, known before it exists, so that shared memory can be laid out first.

import type { OptimizerName } from './optimizer-config.js';
import { Adam } from './adam.js';
import { Momentum } from './momentum.js';
import { Sgd } from './sgd.js';

/** Every optimiser's buffer names; a mapped type, so that a new optimiser without an entry does not compile. */
const STATE_NAMES: { readonly [K in OptimizerName]: readonly string[] } = {
  sgd: Sgd.stateNames,
  momentum: Momentum.stateNames,
  adam: Adam.stateNames,
};

/** The names `createOptimizer` will pass to `allocate` for this optimiser, in that order (each of paramCount floats). */
export function optimizerStateNames(name: OptimizerName): string[] {
  return [...STATE_NAMES[name]];
}
