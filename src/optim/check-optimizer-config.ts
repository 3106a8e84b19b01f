// The check of an optimiser configuration's numbers where they enter through createOptimizer or learningRate: a bad option fails in one line.

import { UserError } from '../errors.js';
import type { OptimizerConfig } from './optimizer-config.js';

/** Throws a UserError naming the first option whose value cannot work. */
export function checkOptimizerConfig(config: OptimizerConfig): void {
  const { lr, momentum, weightDecay, stepSize, gamma } = config;
  if (!(lr > 0 && Number.isFinite(lr))) throw new UserError(`the learning rate (lr) must be a positive number, got ${lr}`);
  if (config.optimizer === 'momentum' && !(momentum >= 0 && momentum < 1)) {
    throw new UserError(`the momentum must be in [0, 1), got ${momentum}`);
  }
  if (!(weightDecay >= 0 && Number.isFinite(weightDecay))) {
    throw new UserError(`the weight decay must be a number ≥ 0, got ${weightDecay}`);
  }
  if (config.schedule === 'step' && !(Number.isInteger(stepSize) && stepSize > 0)) {
    throw new UserError(`the step schedule's step size must be a whole number of epochs ≥ 1, got ${stepSize}`);
  }
  if (config.schedule === 'step' && !(gamma > 0 && Number.isFinite(gamma))) {
    throw new UserError(`the step schedule's gamma must be a number > 0, got ${gamma}`);
  }
}
