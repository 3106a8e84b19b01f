// Tests of the optimiser configuration check: each bad number is a one-line UserError naming the option.

import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { checkOptimizerConfig } from '../../src/optim/check-optimizer-config.js';
import type { OptimizerConfig } from '../../src/optim/optimizer-config.js';
import { optimConfig } from './fixtures.js';

describe('checkOptimizerConfig', () => {
  it('accepts the defaults of every optimiser and schedule', () => {
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      for (const schedule of ['constant', 'step', 'cosine'] as const) {
        expect(() => checkOptimizerConfig(optimConfig({ optimizer, schedule }))).not.toThrow();
      }
    }
  });

  it('names the option and the value of each bad number', () => {
    const cases: [Partial<OptimizerConfig>, string][] = [
      [{ lr: 0 }, 'the learning rate (lr) must be a positive number, got 0'],
      [{ lr: Number.POSITIVE_INFINITY }, 'the learning rate (lr) must be a positive number, got Infinity'],
      [{ optimizer: 'momentum', momentum: 1 }, 'the momentum must be in [0, 1), got 1'],
      [{ weightDecay: -0.1 }, 'the weight decay must be a number ≥ 0, got -0.1'],
      [{ schedule: 'step', stepSize: 2.5 }, "the step schedule's step size must be a whole number of epochs ≥ 1, got 2.5"],
      [{ schedule: 'step', gamma: 0 }, "the step schedule's gamma must be a number > 0, got 0"],
    ];
    for (const [changes, message] of cases) {
      expect(() => checkOptimizerConfig(optimConfig(changes))).toThrow(UserError);
      expect(() => checkOptimizerConfig(optimConfig(changes))).toThrow(message);
    }
  });

  it('ignores the momentum of optimisers that do not use it', () => {
    expect(() => checkOptimizerConfig(optimConfig({ optimizer: 'adam', momentum: 5 }))).not.toThrow();
  });
});
