// The TensorFlow.js contender's training loop: the same rows, order, initial weights and update rule as einprop.

import * as tf from '@tensorflow/tfjs';
import { epochOrder } from '../../src/data/epoch-order.js';
import type { ClassificationDataset } from '../../src/data/dataset.js';
import { initialize } from '../../src/nn/init.js';
import { parameterLayout, type ParameterLayout } from '../../src/nn/parameters.js';
import { Random } from '../../src/tensor/random.js';
import type { TrainConfig } from '../../src/train/config.js';

/** What a tfjs run measured, and where it ended. */
export interface TfjsRun {
  /** Training samples per second of time spent in steps. */
  readonly samplesPerSecond: number;
  readonly steps: number;
  /** True when every epoch ran (no step limit cut it short). */
  readonly complete: boolean;
  readonly testAccuracy: number;
  /** Mean training loss over the last epoch run (or the part of it that ran). */
  readonly trainLoss: number;
  /** The final parameters in einprop's flat layout (weights [outputs, inputs]), for comparison. */
  readonly parameters: Float32Array;
}

/** One dense layer as tfjs variables: kernel [inputs, outputs] (the tf.layers convention) and bias. */
interface DenseVariables {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/**
 * Trains `config`'s network with tfjs core ops on the current backend: relu hidden layers, logits out,
 * tf.losses.softmaxCrossEntropy (mean over the batch), tf.train.momentum (accumulation = μ·accumulation + g,
 * var −= lr·accumulation: einprop's convention). Starts from einprop's own initial parameters for
 * `config.seed` and visits the rows in einprop's epoch order, so only the arithmetic differs.
 * `maxSteps` stops after that many steps in all (0: no limit).
 */
export function trainTfjs(config: TrainConfig, train: ClassificationDataset, test: ClassificationDataset, maxSteps: number = 0): TfjsRun {
  const widths = [train.featureCount, ...config.model.layers.slice(1)];
  const layout = parameterLayout(widths);
  const layers = initialLayers(config, layout);
  const variables = layers.flatMap((l) => [l.kernel, l.bias]);
  const classes = widths[widths.length - 1];
  const xs = tf.tensor2d(train.features, [train.count, train.featureCount]);
  // tfjs-backend-wasm 4.22's OneHot writes int32 ones into a float32 tensor (they read as 1.4e-45): cast instead.
  const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(train.labels, 'int32'), classes), 'float32'));
  const optimizer = tf.train.momentum(config.optim.lr, config.optim.momentum, config.optim.nesterov);
  const shuffle = Random.stream(config.seed, 'shuffle');
  const stepsPerEpoch = Math.ceil(train.count / config.batchSize);
  let steps = 0;
  let seconds = 0;
  let samples = 0;
  let lossSum = 0;
  let epochSamples = 0;
  for (let epoch = 0; epoch < config.epochs && !(maxSteps > 0 && steps >= maxSteps); epoch++) {
    const order = tf.tensor1d(Int32Array.from(epochOrder(train.count, config.shuffle ? shuffle : null)), 'int32');
    lossSum = 0;
    epochSamples = 0;
    for (let step = 0; step < stepsPerEpoch && !(maxSteps > 0 && steps >= maxSteps); step++) {
      const start = step * config.batchSize;
      const rows = Math.min(config.batchSize, train.count - start);
      const began = performance.now();
      const loss = tf.tidy(() => {
        const rowIndices = order.slice(start, rows);
        const x = tf.gather(xs, rowIndices);
        const y = tf.gather(ys, rowIndices);
        const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(layers, x)), true, variables);
        if (cost === null) throw new Error('tf optimizer.minimize returned no cost');
        return cost.dataSync()[0];
      });
      seconds += (performance.now() - began) / 1000;
      samples += rows;
      lossSum += loss * rows;
      epochSamples += rows;
      steps++;
    }
    order.dispose();
  }
  const complete = steps === config.epochs * stepsPerEpoch;
  const testAccuracy = accuracy(layers, test);
  const parameters = readParameters(layers, layout);
  tf.dispose([xs, ys, ...variables]);
  optimizer.dispose();
  return { samplesPerSecond: samples / seconds, steps, complete, testAccuracy, trainLoss: lossSum / epochSamples, parameters };
}

/** Logits of the network: relu after every layer but the last. */
function forward(layers: readonly DenseVariables[], input: tf.Tensor2D): tf.Tensor2D {
  let activation = input;
  for (let l = 0; l < layers.length; l++) {
    const z = tf.add<tf.Tensor2D>(tf.matMul(activation, layers[l].kernel), layers[l].bias);
    activation = l < layers.length - 1 ? tf.relu(z) : z;
  }
  return activation;
}

/** einprop's initial parameters for the config's seed and init, as tfjs variables (kernels transposed). */
function initialLayers(config: TrainConfig, layout: ParameterLayout): DenseVariables[] {
  const params = new Float32Array(layout.count);
  initialize(config.model.init, layout, params, Random.stream(config.seed, 'init'));
  return layout.layers.map((slots) => {
    const weight = params.subarray(slots.weight, slots.weight + slots.outputs * slots.inputs);
    const kernel = transpose(weight, slots.outputs, slots.inputs);
    return {
      kernel: tf.variable(tf.tensor2d(kernel, [slots.inputs, slots.outputs])),
      bias: tf.variable(tf.tensor1d(params.slice(slots.bias, slots.bias + slots.outputs))),
    };
  });
}

/** The variables' values in einprop's flat layout. */
function readParameters(layers: readonly DenseVariables[], layout: ParameterLayout): Float32Array {
  const params = new Float32Array(layout.count);
  for (let l = 0; l < layers.length; l++) {
    const slots = layout.layers[l];
    params.set(transpose(Float32Array.from(layers[l].kernel.dataSync()), slots.inputs, slots.outputs), slots.weight);
    params.set(layers[l].bias.dataSync(), slots.bias);
  }
  return params;
}

/** The share of `data`'s rows whose largest logit is at their label. */
function accuracy(layers: readonly DenseVariables[], data: ClassificationDataset): number {
  const predicted = tf.tidy(() => tf.argMax(forward(layers, tf.tensor2d(data.features, [data.count, data.featureCount])), 1).dataSync());
  let correct = 0;
  for (let i = 0; i < data.count; i++) if (predicted[i] === data.labels[i]) correct++;
  return correct / data.count;
}

/** A row-major [rows, cols] matrix transposed to [cols, rows]. */
function transpose(matrix: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const from = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[from + c];
  }
  return out;
}
