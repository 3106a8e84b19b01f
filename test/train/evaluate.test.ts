import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { UserError } from '../../src/errors.js';
import { parameterLayout } from '../../src/nn/parameters.js';
import { confusionMatrix, evaluate, predictClasses } from '../../src/train/evaluate.js';
import { restoreNetwork } from '../../src/train/restore-network.js';

const widths = [4, 3, 2];
const layout = parameterLayout(widths);
const network = restoreNetwork(
  { widths, activation: 'relu', output: 'softmax', loss: 'cross-entropy' },
  layout.layers.map((l) => ({ weight: new Float32Array(l.outputs * l.inputs).fill(0.1), bias: new Float32Array(l.outputs), outputs: l.outputs, inputs: l.inputs })),
);

describe('predictClasses and evaluate', () => {
  it('refuse rows of another width than the network takes, naming both (they would be read across each other)', () => {
    for (const features of [3, 5]) {
      const data = makeDataset(new Float32Array(6 * features), new Int32Array(6), features, 'rows.csv');
      expect(() => predictClasses(network, data)).toThrow(UserError);
      expect(() => evaluate(network, data)).toThrow(`the network takes 4 inputs, but rows.csv has ${features} features per row`);
    }
  });

  it('predict one class per row of the right width', () => {
    const data = makeDataset(new Float32Array(6 * 4).fill(1), new Int32Array(6), 4, 'rows.csv');
    expect(predictClasses(network, data)).toHaveLength(6);
  });

  it('confusionMatrix counts every row once, and refuses a class outside the matrix rather than drop it', () => {
    expect(confusionMatrix(Int32Array.from([0, 1, 1]), Int32Array.from([0, 1, 0]), 2)).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(() => confusionMatrix(Int32Array.from([-1]), Int32Array.from([0]), 2)).toThrow('confusionMatrix: row 0 has label 0 and prediction -1, not both classes of 2');
    expect(() => confusionMatrix(Int32Array.from([0]), Int32Array.from([0, 1]), 2)).toThrow('confusionMatrix: 1 predictions for 2 labels');
  });
});
