// Learning-rate schedules: the rate for each epoch of a run.

import type { OptimizerConfig } from './optimizer-config.js';
import { checkOptimizerConfig } from './check-optimizer-config.js';

/**
 * The learning rate at an epoch (0-based) of `totalEpochs`, for a schedule:
 * `constant`: lr; `step`: lr · gamma^⌊epoch / stepSize⌋; `cosine`: lr · (1 + cos(π · epoch / totalEpochs)) / 2,
 * which starts at lr and would reach 0 at epoch `totalEpochs` (the last epoch still has a small positive rate).
 * The configuration is checked first: a UserError names a bad number, a RangeError an epoch outside the run.
 */
export function learningRate(config: OptimizerConfig, epoch: number, totalEpochs: number): number {
  checkOptimizerConfig(config);
  if (!(Number.isInteger(epoch) && epoch >= 0 && Number.isInteger(totalEpochs) && epoch < totalEpochs)) {
    throw new RangeError(`learningRate: epoch ${epoch} is not in [0, ${totalEpochs})`);
  }
  return scheduledRate(config, epoch, totalEpochs);
}

/**
 * learningRate without its checks, for numbers checked where they entered (checkTrainConfig). `step` with
 * gamma > 1 grows without bound: a long run can reach +Infinity, which ends it with the divergence message.
 */
export function scheduledRate(config: OptimizerConfig, epoch: number, totalEpochs: number): number {
  switch (config.schedule) {
    case 'constant':
      return config.lr;
    case 'step':
      return config.lr * Math.pow(config.gamma, Math.floor(epoch / config.stepSize));
    case 'cosine':
      return (config.lr * (1 + Math.cos((Math.PI * epoch) / totalEpochs))) / 2;
  }
}
