// The trainer on regression targets, with validation rows, early stopping and class weights: what it learns, reports, keeps and resumes.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { writeCsv } from '../../src/data/csv.js';
import { unscaledOutputs } from '../../src/data/target-scaling.js';
import type { TrainConfig } from '../../src/train/config.js';
import { predictOutputs } from '../../src/train/evaluate.js';
import { regressionScores } from '../../src/train/figures.js';
import { prepareData } from '../../src/train/prepare.js';
import { restoreNetwork } from '../../src/train/restore-network.js';
import { train } from '../../src/train/trainer.js';
import { smallConfig, syntheticCsv } from '../support/config.js';
import { interruptedRun } from '../support/interrupted-run.js';
import { regressionCsv } from '../support/regression-data.js';

const linear = regressionCsv(400, 3, ['linear']);
const both = regressionCsv(400, 4, ['linear', 'nonlinear']);
const digits = syntheticCsv(600);

/** A small regression run over `data`: 4 features, 32 hidden, one output per target, mse, Adam at 0.01. */
function regressionConfig(data: string, targets: string[], overrides: Partial<TrainConfig> = {}): TrainConfig {
  return smallConfig(data, {
    task: 'regression',
    target: targets,
    normalize: 'standard',
    model: { layers: [4, 32, targets.length], activation: 'tanh', output: 'identity', loss: 'mse', init: 'xavier' },
    epochs: 30,
    ...overrides,
  });
}

const bits = (values: Float32Array): Buffer => Buffer.from(values.buffer, values.byteOffset, values.byteLength);

describe('train on regression targets', () => {
  it('learns a linear target to a test R² above 0.99, reporting RMSE and MAE in the target’s units and no accuracy', async () => {
    const result = await train(regressionConfig(linear, ['linear']));
    expect(result.task).toBe('regression');
    expect(result.test_r2).toBeGreaterThan(0.99);
    expect(result.test_rmse).toBeLessThan(0.4);
    expect(result.test_mae).toBeLessThan(result.test_rmse ?? 0);
    expect(Number.isNaN(result.test_accuracy) && Number.isNaN(result.train_accuracy)).toBe(true);
    expect(result.state.targetScaling?.mean[0]).toBeCloseTo(10, 0);
  });

  it('learns two targets at once (linear, and x1·x2 + sin 2x3 + 100); test_r2 is the mean of each target’s R² of the kept model', async () => {
    const config = regressionConfig(both, ['linear', 'nonlinear'], { epochs: 60, model: { layers: [4, 48, 2], activation: 'tanh', output: 'identity', loss: 'mse', init: 'xavier' } });
    const result = await train(config);
    expect(result.test_r2).toBeGreaterThan(0.9);
    const { test, targetScaling, widths } = prepareData(config, result.state);
    if (test.task !== 'regression') throw new Error('regression rows expected');
    const network = restoreNetwork({ widths, activation: 'tanh', output: 'identity', loss: 'mse' }, result.state.layers);
    const predicted = unscaledOutputs(targetScaling, predictOutputs(network, test), test.count, 2);
    const each = [0, 1].map((k) =>
      regressionScores(
        Array.from({ length: test.count }, (_, r) => predicted[2 * r + k]),
        Array.from({ length: test.count }, (_, r) => test.targets[2 * r + k]),
        test.count,
        1,
      ),
    );
    expect(each.every((scores) => scores.r2 > 0.85)).toBe(true);
    expect(result.test_r2).toBeCloseTo((each[0].r2 + each[1].r2) / 2, 10);
  });

  it('without target scaling a target far from 0 trains too, from the same seed to different weights', async () => {
    const scaled = await train(regressionConfig(linear, ['linear'], { epochs: 5 }));
    const raw = await train(regressionConfig(linear, ['linear'], { epochs: 5, normalizeTarget: 'none' }));
    expect(raw.state.targetScaling).toBeNull();
    expect(bits(raw.parameters).equals(bits(scaled.parameters))).toBe(false);
    expect(Number.isFinite(raw.test_rmse)).toBe(true);
  });
});

describe('validation rows', () => {
  it('a validation split takes rows from the training rows only: the test rows are those of a run without one', () => {
    const config = smallConfig(digits);
    const plain = prepareData(config);
    const held = prepareData({ ...config, validationSplit: 0.25 });
    expect(bits(held.test.features).equals(bits(plain.test.features))).toBe(true);
    expect(held.validation?.count).toBe(120);
    expect(held.train.count + (held.validation?.count ?? 0)).toBe(plain.train.count);
  });

  it('each epoch reports val_loss with val_accuracy, or val_rmse, val_mae and val_r2, the same bits at 1, 2 and 3 threads', async () => {
    const runs = [
      { config: smallConfig(digits, { validationSplit: 0.2 }), keys: ['val_loss', 'val_accuracy', 'test_accuracy'] },
      { config: regressionConfig(both, ['linear', 'nonlinear'], { validationSplit: 0.2, epochs: 3 }), keys: ['val_loss', 'val_rmse', 'val_mae', 'val_r2', 'test_rmse', 'test_mae', 'test_r2'] },
    ];
    for (const { config, keys } of runs) {
      const epochs: Record<string, number | undefined>[][] = [];
      for (const threads of [1, 2, 3]) {
        const seen: Record<string, number | undefined>[] = [];
        await train({ ...config, threads }, { onEpoch: (p) => seen.push(Object.fromEntries(keys.map((key) => [key, p[key as keyof typeof p] as number | undefined]))) });
        epochs.push(seen);
      }
      for (const record of epochs[0]) for (const key of keys) expect(Number.isFinite(record[key])).toBe(true);
      expect(epochs[1]).toEqual(epochs[0]);
      expect(epochs[2]).toEqual(epochs[0]);
    }
  });
});

describe('early stopping', () => {
  // A high rate on few rows: the validation loss soon stops falling.
  const config = (threads: number): TrainConfig =>
    regressionConfig(regressionCsv(200, 9, ['nonlinear']), ['nonlinear'], { validationSplit: 0.3, patience: 3, epochs: 60, threads, optim: { ...smallConfig('x').optim, lr: 0.05 } });

  it('stops once the validation loss has not improved for `patience` epochs, and keeps, scores and returns the best epoch’s model', async () => {
    const seen: { epoch: number; val_loss: number }[] = [];
    const result = await train(config(1), { onEpoch: (p) => seen.push({ epoch: p.epoch, val_loss: p.val_loss ?? Number.NaN }) });
    expect(result.stopped_early).toBe(true);
    const best = seen.reduce((a, b) => (b.val_loss < a.val_loss ? b : a));
    expect(result.best_epoch).toBe(best.epoch);
    expect(result.epochs).toBe(best.epoch + 3);
    const record = result.state.earlyStopping;
    expect(record?.bestEpoch).toBe(best.epoch);
    expect(record?.bestLoss).toBe(best.val_loss);
    const kept = record?.best ?? [];
    expect(bits(result.parameters).equals(Buffer.concat(kept.flatMap((layer) => [bits(layer.weight), bits(layer.bias)])))).toBe(true);
    // The current weights, which a resume goes on from, are the last epoch's.
    expect(bits(result.state.layers[0].weight).equals(bits(kept[0].weight))).toBe(false);
    const { test, targetScaling, widths } = prepareData(config(1), result.state);
    if (test.task !== 'regression') throw new Error('regression rows expected');
    const predicted = unscaledOutputs(targetScaling, predictOutputs(restoreNetwork({ widths, activation: 'tanh', output: 'identity', loss: 'mse' }, kept), test), test.count, 1);
    expect(result.test_r2).toBe(regressionScores(predicted, test.targets, test.count, 1).r2);
  });

  it('a run interrupted mid-epoch and resumed equals an uninterrupted one, bit for bit, at 1 and 2 threads', async () => {
    for (const threads of [1, 2]) {
      const straight = await train(config(threads));
      const saved = await interruptedRun(config(threads), 23);
      expect(saved.step).toBeGreaterThan(0);
      expect(saved.earlyStopping?.bestEpoch).toBeGreaterThan(0);
      const resumed = await train(config(threads), { resume: saved });
      expect(bits(resumed.parameters).equals(bits(straight.parameters))).toBe(true);
      expect(bits(resumed.state.layers[1].weight).equals(bits(straight.state.layers[1].weight))).toBe(true);
      expect([resumed.best_epoch, resumed.epochs, resumed.test_r2]).toEqual([straight.best_epoch, straight.epochs, straight.test_r2]);
    }
  });
});

describe('class weights', () => {
  it('balanced weights on rows whose classes are balanced are all 1 and train the unweighted bits', async () => {
    // 600 rows, 60 of each class, none held out.
    const plain = await train(smallConfig(digits, { testSplit: 0 }));
    const weighted = await train(smallConfig(digits, { testSplit: 0, classWeight: 'balanced' }));
    expect(weighted.state.classWeights).toEqual(new Array(10).fill(1));
    expect(bits(weighted.parameters).equals(bits(plain.parameters))).toBe(true);
  });

  it('on unbalanced rows they weigh the rare class up: its recall on the training rows rises', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'einprop-weights-'));
    const path = join(dir, 'rare.csv');
    // Class 1 (x around 1) is a tenth of the rows and overlaps class 0 (x around 0).
    const count = 400;
    const features = Float32Array.from({ length: count * 2 }, (_, i) => {
      const r = i >> 1;
      const rare = r % 10 === 0;
      return (rare ? 0.8 : 0) + Math.sin(17 * i) * 0.9;
    });
    const labels = Int32Array.from({ length: count }, (_, r) => (r % 10 === 0 ? 1 : 0));
    writeCsv(path, makeDataset(features, labels, 2, path));
    const base = smallConfig(path, { testSplit: 0, model: { layers: [2, 8, 2], activation: 'relu', output: 'softmax', loss: 'cross-entropy', init: 'he' }, epochs: 20 });
    const recall = async (config: TrainConfig): Promise<number> => {
      const result = await train(config);
      const data = prepareData(config, result.state).train;
      if (data.task !== 'classification') throw new Error('classes expected');
      const outputs = predictOutputs(restoreNetwork({ widths: [2, 8, 2], activation: 'relu', output: 'softmax', loss: 'cross-entropy' }, result.state.layers), data);
      let hits = 0;
      let rare = 0;
      for (let r = 0; r < data.count; r++) {
        if (data.labels[r] !== 1) continue;
        rare++;
        if (outputs[2 * r + 1] > outputs[2 * r]) hits++;
      }
      return hits / rare;
    };
    expect(await recall({ ...base, classWeight: 'balanced' })).toBeGreaterThan(await recall(base));
  });
});
