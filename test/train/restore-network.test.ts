// A network restored from saved layers: the trainer's test accuracy again, bit-identical outputs, and shape checks.

import { describe, expect, it } from 'vitest';
import { Network, type NetworkSpec } from '../../src/nn/network.js';
import { parameterLayout } from '../../src/nn/parameters.js';
import { Random } from '../../src/tensor/random.js';
import { evaluate } from '../../src/train/evaluate.js';
import { prepareData } from '../../src/train/prepare.js';
import { EVALUATION_ROWS, restoreNetwork } from '../../src/train/restore-network.js';
import type { LayerState } from '../../src/train/state.js';
import { train } from '../../src/train/trainer.js';
import { classification, smallConfig, syntheticCsv } from '../support/config.js';

/** Random layers for `widths`, and the same parameters flat in layout order. */
function randomLayers(widths: number[], seed: number): { layers: LayerState[]; flat: Float32Array } {
  const layout = parameterLayout(widths);
  const random = new Random(seed);
  const flat = Float32Array.from({ length: layout.count }, () => random.nextNormal());
  const layers = layout.layers.map((l) => ({
    weight: flat.slice(l.weight, l.weight + l.outputs * l.inputs),
    bias: flat.slice(l.bias, l.bias + l.outputs),
    outputs: l.outputs,
    inputs: l.inputs,
  }));
  return { layers, flat };
}

describe('restoreNetwork', () => {
  it('evaluating the restored final state on the test split repeats the test accuracy train reported, exactly', async () => {
    const config = smallConfig(syntheticCsv(300), { epochs: 2 });
    const result = await train(config);
    const spec: NetworkSpec = { widths: result.layers, activation: config.model.activation, output: config.model.output, loss: config.model.loss };
    const test = classification(prepareData(config, result.state).test);
    expect(evaluate(restoreNetwork(spec, result.state.layers), test)).toBe(result.test_accuracy);
  });

  it('computes, bit for bit, what a float32 network over the same parameters in plain memory computes', () => {
    const spec: NetworkSpec = { widths: [7, 5, 3], activation: 'tanh', output: 'softmax', loss: 'cross-entropy' };
    const { layers, flat } = randomLayers([7, 5, 3], 3);
    const restored = restoreNetwork(spec, layers);
    const plain = new Network(spec, flat, EVALUATION_ROWS, 'float32');
    const random = new Random(4);
    const rows = 10;
    const inputs = Float32Array.from({ length: rows * 7 }, () => random.nextNormal());
    restored.input.set(inputs);
    plain.input.set(inputs);
    expect(Array.from(restored.forward(rows))).toEqual(Array.from(plain.forward(rows)));
  });

  it('refuses layers that do not fit the widths', () => {
    const spec: NetworkSpec = { widths: [4, 3, 2], activation: 'relu', output: 'softmax', loss: 'cross-entropy' };
    expect(() => restoreNetwork(spec, randomLayers([4, 3], 1).layers)).toThrow(/the saved model has 1 layers; the model has 2/);
    expect(() => restoreNetwork(spec, randomLayers([4, 2, 2], 1).layers)).toThrow(/the saved model tensor layers.0.weight is \[2, 4\]; the model needs \[3, 4\]/);
  });
});
