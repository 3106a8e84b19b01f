// Every optimiser's update rule by name, and the update of a configured optimiser bound to buffers a thread shares.

import { adam } from './adam.js';
import { momentum, sgd } from './momentum.js';
import type { OptimizerConfig, OptimizerName } from './optimizer-config.js';
import type { BindRange, UpdateBuffers, UpdateRule } from './update-rule.js';

/** One rule per optimiser: a mapped type, so that an optimiser without a rule does not compile. */
export const UPDATE_RULES: { readonly [K in OptimizerName]: UpdateRule } = { sgd, momentum, adam };

/**
 * The configured optimiser's update over `buffers`, to be bound once per range: what a thread needs to
 * update its ranges of state that another thread's optimiser owns (the step number t comes with each call).
 * Throws unless the buffers have one float per parameter and the state holds every buffer the rule keeps.
 */
export function bindOptimizerUpdate(config: OptimizerConfig, buffers: UpdateBuffers): BindRange {
  const rule = UPDATE_RULES[config.optimizer];
  const count = buffers.params.length;
  const lengths = [['grads', buffers.grads.length] as const, ...rule.stateNames.map((name) => [name, buffers.state[name]?.length] as const)];
  for (const [name, length] of lengths) {
    if (length !== count) throw new RangeError(`${config.optimizer}: buffer '${name}' has ${length ?? 'no'} floats, not the ${count} parameters`);
  }
  return (begin, end) => {
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || end < begin || end > count) {
      throw new RangeError(`${config.optimizer}: [${begin}, ${end}) is not a range of ${count} parameters`);
    }
    return rule.bind(config, buffers, begin, end);
  };
}
