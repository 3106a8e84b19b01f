// Tests of the synthetic digits: determinism, shape and range, and that a small model learns them.

import { describe, expect, it } from 'vitest';
import { syntheticDigits } from '../../src/data/synthetic-digits.js';
import type { ClassificationDataset } from '../../src/data/dataset.js';
import { createOptimizer } from '../../src/optim/create-optimizer.js';

/** Test accuracy of a softmax regression (64 → 10) trained full-batch with Adam, in float64 arithmetic. */
function softmaxRegressionAccuracy(train: ClassificationDataset, test: ClassificationDataset, epochs: number): number {
  const w = train.featureCount;
  const k = 10;
  const params = new Float32Array(k * w + k);
  const grads = new Float32Array(params.length);
  const adam = createOptimizer(
    { optimizer: 'adam', lr: 0.05, momentum: 0.9, nesterov: false, weightDecay: 0, schedule: 'constant', stepSize: 1, gamma: 1 },
    params.length,
    (_, length) => new Float32Array(length),
  );
  const logits = new Float64Array(k);
  const predict = (data: ClassificationDataset, r: number): void => {
    for (let c = 0; c < k; c++) {
      let z = params[k * w + c];
      for (let j = 0; j < w; j++) z += params[c * w + j] * (data.features[r * w + j] / 16);
      logits[c] = z;
    }
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    grads.fill(0);
    for (let r = 0; r < train.count; r++) {
      predict(train, r);
      const top = Math.max(...logits);
      let total = 0;
      for (let c = 0; c < k; c++) total += Math.exp(logits[c] - top);
      for (let c = 0; c < k; c++) {
        const delta = (Math.exp(logits[c] - top) / total - (c === train.labels[r] ? 1 : 0)) / train.count;
        for (let j = 0; j < w; j++) grads[c * w + j] += delta * (train.features[r * w + j] / 16);
        grads[k * w + c] += delta;
      }
    }
    adam.step(params, grads, 0.05);
  }
  let correct = 0;
  for (let r = 0; r < test.count; r++) {
    predict(test, r);
    if (logits.indexOf(Math.max(...logits)) === test.labels[r]) correct++;
  }
  return correct / test.count;
}

describe('syntheticDigits', () => {
  it('the same count and seed give the same data; another seed, other noise', () => {
    expect(syntheticDigits(50, 4)).toEqual(syntheticDigits(50, 4));
    expect(syntheticDigits(50, 4).features).not.toEqual(syntheticDigits(50, 5).features);
  });

  it('has 64 integer features in 0..16 and labels cycling through 10 classes', () => {
    const data = syntheticDigits(105, 1);
    expect([data.count, data.featureCount, data.classCount]).toEqual([105, 64, 10]);
    for (const v of data.features) expect(Number.isInteger(v) && v >= 0 && v <= 16).toBe(true);
    for (let r = 0; r < data.count; r++) expect(data.labels[r]).toBe(r % 10);
    expect(syntheticDigits(3, 1).classCount).toBe(3);
  });

  it('a small model trained on one seed scores over 90% on another seed', () => {
    const accuracy = softmaxRegressionAccuracy(syntheticDigits(500, 1), syntheticDigits(300, 2), 60);
    expect(accuracy).toBeGreaterThan(0.9);
  });
});
