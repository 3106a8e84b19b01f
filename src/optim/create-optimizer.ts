// Builds the configured optimiser over a flat parameter buffer of a given length.

import type { OptimizerConfig } from './optimizer-config.js';
import { Adam } from './adam.js';
import { checkOptimizerConfig } from './check-optimizer-config.js';
import { Momentum } from './momentum.js';
import type { Allocate, Optimizer } from './optimizer.js';
import { Sgd } from './sgd.js';

/**
 * The optimiser named by `config` for `paramCount` parameters. Its state buffers come from
 * `allocate` (momentum: 'velocity'; adam: 'm' and 'v'), which may place them in shared memory;
 * they are zeroed here, unless `zeroState` is false: a worker's twin of the coordinator's optimiser
 * attaches to state that is live. Adam uses β1 = 0.9 and β2 = 0.999 (`config.momentum` is for `momentum`).
 */
export function createOptimizer(config: OptimizerConfig, paramCount: number, allocate: Allocate, zeroState = true): Optimizer {
  checkOptimizerConfig(config);
  if (!Number.isSafeInteger(paramCount) || paramCount < 0) throw new RangeError(`createOptimizer: bad parameter count ${paramCount}`);
  const checkedAllocate: Allocate = (name, length) => {
    const buffer = allocate(name, length);
    if (buffer.length !== length) throw new RangeError(`createOptimizer: buffer '${name}' has ${buffer.length} floats, not ${length}`);
    return buffer;
  };
  switch (config.optimizer) {
    case 'sgd':
      return new Sgd(paramCount, config.weightDecay);
    case 'momentum':
      return new Momentum(paramCount, config.momentum, config.nesterov, config.weightDecay, checkedAllocate, zeroState);
    case 'adam':
      return new Adam(paramCount, config.weightDecay, checkedAllocate, zeroState);
  }
}
