import { describe, expect, it } from 'vitest';
import { train } from '../../src/train/trainer.js';
import { smallConfig, syntheticCsv } from '../support/config.js';

describe("the blog's setup", () => {
  it('64-16-10, leaky ReLU on both layers, sse, uniform-fanout, per-sample SGD at 0.01, file order, 10 epochs learns digits-format data', async () => {
    const data = syntheticCsv(1797, 11);
    const result = await train(
      smallConfig(data, {
        model: { layers: [64, 16, 10], activation: 'leaky-relu', output: 'leaky-relu', loss: 'sse', init: 'uniform-fanout' },
        optim: { optimizer: 'sgd', lr: 0.01, momentum: 0, nesterov: false, weightDecay: 0, schedule: 'constant', stepSize: 1, gamma: 1 },
        shuffle: false,
        batchSize: 1,
        epochs: 10,
        threads: 1,
      }),
    );
    expect(result.train_samples).toBe(1438);
    expect(result.test_samples).toBe(359);
    expect(result.test_accuracy).toBeGreaterThan(0.89);
  });
});
