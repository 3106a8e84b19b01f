// Tests that the buffer names known in advance are the ones each optimiser asks for and reports.

import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/optim/create-optimizer.js';
import { optimizerStateNames } from '../../src/optim/optimizer-state-names.js';
import type { OptimizerName } from '../../src/optim/optimizer-config.js';
import { optimConfig } from './fixtures.js';

describe('optimizerStateNames', () => {
  it('lists exactly the buffers createOptimizer allocates and state() reports, in allocation order', () => {
    for (const name of ['sgd', 'momentum', 'adam'] as OptimizerName[]) {
      const asked: string[] = [];
      const optimizer = createOptimizer(optimConfig({ optimizer: name }), 3, (buffer, length) => {
        asked.push(buffer);
        return new Float32Array(length);
      });
      expect(asked).toEqual(optimizerStateNames(name));
      expect(Object.keys(optimizer.state().buffers)).toEqual(optimizerStateNames(name));
    }
    expect(optimizerStateNames('adam')).toEqual(['m', 'v']);
  });
});
