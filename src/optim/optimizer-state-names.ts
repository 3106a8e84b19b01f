// The names of each optimiser's state buffers, known before it exists, so that shared memory can be laid out first.

import type { OptimizerName } from './optimizer-config.js';
import { UPDATE_RULES } from './update-rules.js';

/** The names `createOptimizer` will pass to `allocate` for this optimiser, in that order (each of paramCount floats). */
export function optimizerStateNames(name: OptimizerName): string[] {
  return [...UPDATE_RULES[name].stateNames];
}
