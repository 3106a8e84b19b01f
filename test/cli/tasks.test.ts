// The command line's regression, validation, early stopping, class weights and probabilities: train, eval, predict and config together.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../src/checkpoint/checkpoint.js';
import { readSafetensors } from '../../src/checkpoint/safetensors.js';
import { speciesCsv } from '../support/built-einprop.js';
import { einpropInProcess as einprop } from '../support/cli-in-process.js';
import { regressionCsv } from '../support/regression-data.js';

// These train for real, on one thread and small tables.
const dir = mkdtempSync(join(tmpdir(), 'einprop-tasks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => join(dir, name);

const json = async (...args: string[]): Promise<Record<string, unknown>> => {
  const run = await einprop(...args, '--json');
  if (run.code !== 0) throw new Error(`einprop ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, unknown>;
};

/** `run()`, run once, when first asked for: in-process runs share stdout, so none may start while another runs. */
function once<T>(run: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= run());
}

const rows = regressionCsv(300, 5, ['linear', 'nonlinear']);
const fast = ['--hidden', '32', '--lr', '0.01', '--threads', '1', '--batch-size', '32'];

describe('--task regression', () => {
  const model = at('reg.safetensors');
  const trained = once(() => json('train', '--data', rows, '--task', 'regression', '--target', 'linear,nonlinear', '--epochs', '40', ...fast, '--save', model));

  it('train --json reports test_rmse, test_mae and test_r2, and test_accuracy and train_accuracy as null; an identity output and mse by default', async () => {
    const result = await trained();
    expect(result).toMatchObject({ task: 'regression', test_accuracy: null, train_accuracy: null, layers: [4, 32, 2] });
    expect(result.test_r2).toBeGreaterThan(0.8);
    expect(typeof result.test_rmse).toBe('number');
    expect(typeof result.test_mae).toBe('number');
    const { config, targetScaling } = loadCheckpoint(model);
    expect([config.task, config.model.output, config.model.loss, config.normalizeTarget]).toEqual(['regression', 'identity', 'mse', 'standard']);
    expect(targetScaling?.mean).toHaveLength(2);
    expect(readSafetensors(model).metadata.format_version).toBe('3');
  });

  it("eval reports the same RMSE, MAE and R² on the model's test rows", async () => {
    const result = await trained();
    expect(await json('eval', '--model', model)).toMatchObject({ task: 'regression', split: 'test', rmse: result.test_rmse, mae: result.test_mae, r2: result.test_r2, targets: ['linear', 'nonlinear'] });
  });

  it('predict prints one comma-separated row of values per input row, in the targets’ units; --json one array per row', async () => {
    await trained();
    const text = await einprop('predict', '--model', model, '--data', rows);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(300);
    const table = readFileSync(rows, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(',').slice(4).map(Number));
    const values = lines.map((line) => line.split(',').map(Number));
    // x1·x2 + sin 2x3 + 100 lies near 100: a prediction in scaled units would be near 0, and off by 100.
    const meanError = values.reduce((sum, row, r) => sum + Math.abs(row[1] - table[r][1]), 0) / values.length;
    const mean = table.reduce((sum, row) => sum + row[1], 0) / table.length;
    const spread = table.reduce((sum, row) => sum + Math.abs(row[1] - mean), 0) / table.length;
    expect(meanError).toBeLessThan(spread / 2);
    const arrays = (await einprop('predict', '--model', model, '--data', rows, '--json')).stdout;
    expect(JSON.parse(arrays)).toEqual(values);
  });

  it('flags for classes, and losses for classes, are usage errors naming the flag', async () => {
    for (const [args, message] of [
      [['--stratify'], /^einprop: --stratify keeps each class's share of the rows, but --task regression has no classes/],
      [['--class-weight', 'balanced'], /^einprop: --class-weight weighs classes, but --task regression has no classes/],
      [['--loss', 'cross-entropy', '--output', 'softmax'], /^einprop: --loss cross-entropy takes class labels only, not numeric targets: with --task regression use mse, sse, mae, huber/],
    ] as [string[], RegExp][]) {
      const run = await einprop('train', '--data', rows, '--task', 'regression', ...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    const scaled = await einprop('train', '--data', rows, '--normalize-target', 'none');
    expect(scaled.code).toBe(2);
    expect(scaled.stderr).toMatch(/^einprop: --normalize-target scales numeric targets: it needs --task regression/);
  });

  it('a resumed run keeps its task and targets', async () => {
    await trained();
    for (const [args, flag] of [
      [['--task', 'classification'], '--task'],
      [['--target', 'linear'], '--target'],
      [['--normalize-target', 'none'], '--normalize-target'],
    ] as [string[], string][]) {
      const run = await einprop('train', '--resume', model, '--epochs', '50', ...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^einprop: ${flag} is .*, but .* was trained with .*; a resumed run keeps its`));
    }
  });
});

describe('validation and --patience', () => {
  it('each epoch line has val_loss and val_accuracy; --json the last epoch\'s, best_epoch and stopped_early; the checkpoint keeps the best layers as layers.*', async () => {
    const table = speciesCsv(at('species.csv'), 300);
    const save = at('early.safetensors');
    const metrics = at('early.jsonl');
    const args = ['train', '--data', table, '--target', 'species', '--ignore', 'id', '--validation-split', '0.2', '--stratify', '--patience', '2', '--epochs', '40', ...fast];
    const run = await einprop(...args, '--save', save, '--metrics', metrics);
    expect(run.code).toBe(0);
    const epochLines = run.stderr.trimEnd().split('\n').filter((line) => line.startsWith('epoch '));
    for (const line of epochLines) expect(line).toMatch(/ val_loss \d\.\d+ {2}val_accuracy \d+\.\d\d% /);
    const records = readFileSync(metrics, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, number>);
    expect(records.every((record) => typeof record.val_loss === 'number' && typeof record.val_accuracy === 'number')).toBe(true);
    const result = await json(...args);
    expect(result).toMatchObject({ validation_samples: 48, val_loss: records[records.length - 1].val_loss });
    const best = records.reduce((a, b) => (b.val_loss < a.val_loss ? b : a));
    expect(result.best_epoch).toBe(best.epoch);
    const snapshot = loadCheckpoint(save);
    expect(snapshot.earlyStopping?.bestEpoch).toBe(best.epoch);
    const tensors = readSafetensors(save).tensors;
    expect(tensors.has('current.layers.0.weight')).toBe(snapshot.earlyStopping?.bestEpoch !== undefined && snapshot.earlyStopping.bestEpoch > 0);
    // eval scores layers.*: the best epoch's model, whose test accuracy train reported.
    expect(await json('eval', '--model', save)).toMatchObject({ accuracy: result.test_accuracy });
  });

  it('--patience without validation rows, and --validation naming the --data file, are usage errors', async () => {
    const patience = await einprop('train', '--data', rows, '--task', 'regression', '--patience', '3');
    expect(patience.code).toBe(2);
    expect(patience.stderr).toMatch(/^einprop: --patience watches the validation loss: give --validation-split or --validation/);
    const same = await einprop('train', '--data', rows, '--task', 'regression', '--validation', rows);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/^einprop: --validation names the --data file/);
  });
});

describe('eval per class, and predict --proba and --out', () => {
  const table = speciesCsv(at('classes.csv'), 150, 8);
  const model = at('classes.safetensors');
  const trained = once(() => json('train', '--data', table, '--target', 'species', '--ignore', 'id', '--epochs', '15', '--class-weight', 'balanced', ...fast, '--save', model));

  it('eval --json has per_class (label, precision, recall, f1, support) and macro_avg beside the confusion matrix', async () => {
    await trained();
    const result = await json('eval', '--model', model);
    const perClass = result.per_class as { label: string; precision: number; recall: number; f1: number; support: number }[];
    expect(perClass.map((line) => line.label)).toEqual(['setosa', 'versicolor', 'virginica']);
    const matrix = result.confusion_matrix as number[][];
    perClass.forEach((line, c) => {
      expect(line.support).toBe(matrix[c].reduce((s, v) => s + v, 0));
      expect(line.recall).toBe(line.support === 0 ? 0 : matrix[c][c] / line.support);
    });
    expect(result.macro_avg).toMatchObject({ support: result.samples });
    expect(loadCheckpoint(model).classWeights).toHaveLength(3);
  });

  it('--proba prints a header of the class labels, then rows of probabilities that sum to 1 and whose largest is the label predict prints', async () => {
    await trained();
    const proba = (await einprop('predict', '--model', model, '--data', table, '--proba')).stdout.trimEnd().split('\n');
    const labels = (await einprop('predict', '--model', model, '--data', table)).stdout.trimEnd().split('\n');
    expect(proba[0]).toBe('setosa,versicolor,virginica');
    expect(proba).toHaveLength(151);
    proba.slice(1).forEach((line, r) => {
      const p = line.split(',').map(Number);
      expect(Math.abs(p.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
      expect(['setosa', 'versicolor', 'virginica'][p.indexOf(Math.max(...p))]).toBe(labels[r]);
    });
    const asJson = JSON.parse((await einprop('predict', '--model', model, '--data', table, '--proba', '--json')).stdout) as { classes: string[]; probabilities: number[][] };
    expect(asJson.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(asJson.probabilities).toEqual(proba.slice(1).map((line) => line.split(',').map(Number)));
  });

  it('--out writes what stdout would get, and prints nothing; a folder as --out is exit 2 before the model is read', async () => {
    await trained();
    const out = at('predictions.csv');
    const run = await einprop('predict', '--model', model, '--data', table, '--proba', '--out', out);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(out, 'utf8')).toBe((await einprop('predict', '--model', model, '--data', table, '--proba')).stdout);
    const folder = await einprop('predict', '--model', at('missing.safetensors'), '--data', table, '--out', dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/^einprop: --out .* is a folder; give a file name/);
    const overwrite = await einprop('predict', '--model', model, '--data', table, '--out', table);
    expect(overwrite.code).toBe(2);
  });

  it('a predict --config file gives model, data, proba and out, relative to its folder', async () => {
    await trained();
    const config = at('predict.json');
    writeFileSync(config, JSON.stringify({ model: 'classes.safetensors', data: 'classes.csv', proba: true, out: 'from-config.csv' }));
    expect((await einprop('predict', '--config', config)).code).toBe(0);
    expect(readFileSync(at('from-config.csv'), 'utf8')).toBe((await einprop('predict', '--model', model, '--data', table, '--proba')).stdout);
  });

  it("a predict --config file's activation is held against the checkpoint's, as the flag is", async () => {
    await trained();
    const config = at('predict-tanh.json');
    writeFileSync(config, JSON.stringify({ model: 'classes.safetensors', data: 'classes.csv', activation: 'tanh' }));
    const run = await einprop('predict', '--config', config);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^einprop: --activation tanh contradicts .*classes\.safetensors, which was trained with --activation relu/);
  });

  it('--proba is refused for a regression model and for an output that gives no probabilities', async () => {
    const relu = at('relu.safetensors');
    await json('train', '--data', table, '--target', 'species', '--ignore', 'id', '--epochs', '1', '--output', 'relu', '--loss', 'mse', ...fast, '--save', relu);
    const run = await einprop('predict', '--model', relu, '--data', table, '--proba');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^einprop: --proba prints class probabilities, which a softmax or sigmoid output gives; .* has a relu output/);
  });
});

describe('einprop config', () => {
  it('prints every new flag: task, its scaling or class weights, the validation rows and patience', async () => {
    expect(await json('config', '--task', 'regression', '--validation-split', '0.1', '--patience', '4')).toMatchObject({
      task: 'regression',
      'normalize-target': 'standard',
      'validation-split': 0.1,
      patience: 4,
      output: 'identity',
      loss: 'mse',
    });
    expect(await json('config', '--validation', 'v.csv', '--class-weight', 'balanced')).toMatchObject({ task: 'classification', 'class-weight': 'balanced', validation: 'v.csv' });
  });
});
