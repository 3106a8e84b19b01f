// Tests of a Model: its predictions are the command line's, bit for bit; its bytes are the CLI's checkpoint and ONNX file; a regressor maps its outputs back.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { checkpointFromFile, loadCheckpoint } from '../../src/checkpoint/checkpoint.js';
import { decodeSafetensors, writeSafetensors } from '../../src/checkpoint/safetensors.js';
import { loadCsv } from '../../src/data/csv.js';
import { applyNormalization, parseNormalization } from '../../src/data/normalization.js';
import { type Classifier, Model } from '../../src/model/model.js';
import { loadModel } from '../../src/model/load-model.js';
import { stateParts } from '../../src/model/model-parts.js';
import { train } from '../../src/model/train.js';
import { restoreNetwork } from '../../src/train/restore-network.js';
import type { TrainingState } from '../../src/train/state.js';
import { einprop, einpropJson, scratchFolder, speciesCsv } from '../support/built-einprop.js';
import { smallConfig } from '../support/config.js';
import { regressionCsv } from '../support/regression-data.js';
import { userErrorOf } from '../support/user-error.js';
import { weightsOnlyFile } from '../support/weights-files.js';

/** A value of the wrong type where an option wants `T`, as a program without types may pass it. */
function untyped<T>(value: unknown): T {
  return value as T;
}

const files = scratchFolder();
afterAll(() => files.remove());

/** The rows of a species table as arrays: features without the label and id columns, and the label. */
function rowsOf(path: string): { features: number[][]; targets: string[] } {
  const data = loadCsv(path, { target: ['species'], ignore: ['id'] });
  const features = Array.from({ length: data.count }, (_, r) => Array.from(data.features.subarray(r * data.featureCount, (r + 1) * data.featureCount)));
  return { features, targets: Array.from(data.labels, (k) => data.classes[k]) };
}

describe('a model trained by the command line, opened with loadModel', () => {
  const table = speciesCsv(files.at('species.csv'), 120);
  const rows = speciesCsv(files.at('rows.csv'), 30, 8);
  const saved = files.at('cli.safetensors');
  let model: Classifier;

  beforeAll(async () => {
    einpropJson(['train', '--data', table, '--target', 'species', '--ignore', 'id', '--epochs', '3', '--threads', '1', '--save', saved]);
    const opened = await loadModel(saved);
    if (opened.task !== 'classification') throw new Error('a classifier was saved');
    model = opened;
  });

  it('predicts the labels `einprop predict` prints, and scores what `einprop eval` scores', () => {
    const given = rowsOf(rows);
    expect(model.predict(given.features)).toEqual(einpropJson(['predict', '--model', saved, '--data', rows]));
    const { data: _data, split: _split, model: _model, ...figures } = einpropJson(['eval', '--model', saved, '--data', rows]) as Record<string, unknown>;
    expect(model.evaluate(given)).toEqual(figures);
  });

  it("its probabilities are the command line's network's outputs, bit for bit, each row summing to 1 with its largest at the predicted class", () => {
    const given = rowsOf(rows);
    const checkpoint = loadCheckpoint(saved);
    const network = restoreNetwork(model.spec, checkpoint.layers);
    const data = applyNormalization(checkpoint.normalization === null ? { kind: 'none' } : parseNormalization(checkpoint.normalization, saved), loadCsv(rows, { target: ['species'], ignore: ['id'], classes: checkpoint.schema.classes }));
    network.input.set(data.features);
    const expected = network.forward(data.count);
    const probabilities = model.predictProba(given.features);
    expect(Float32Array.from(probabilities.flat())).toEqual(Float32Array.from(expected.subarray(0, data.count * 3)));
    const labels = model.spec.classes;
    probabilities.forEach((p, r) => {
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(labels[p.indexOf(Math.max(...p))]).toBe(model.predict([given.features[r]])[0]);
    });
  });

  it('save writes the bytes toBuffer gives, a checkpoint the command line reads, and loadModel opens from the path or the bytes alike', async () => {
    const again = files.at('again.safetensors');
    await model.save(again);
    const written = readFileSync(again);
    expect(Buffer.from(model.toBuffer()).equals(written)).toBe(true);
    const given = rowsOf(rows);
    expect(einpropJson(['predict', '--model', again, '--data', rows])).toEqual(model.predict(given.features));
    const fromBytes = await loadModel(written);
    const fromPath = await loadModel(again);
    expect(fromBytes.predict(given.features)).toEqual(model.predict(given.features));
    expect(Buffer.from(fromPath.toBuffer()).equals(written)).toBe(true);
  });

  it('toOnnx gives the bytes `einprop export` writes, and exportOnnx writes them to a file', async () => {
    const out = files.at('cli.onnx');
    einpropJson(['export', '--model', saved, '--out', out]);
    expect(Buffer.from(model.toOnnx()).equals(readFileSync(out))).toBe(true);
    const own = files.at('own.onnx');
    await model.exportOnnx(own);
    expect(readFileSync(own).equals(readFileSync(out))).toBe(true);
  });

  it('takes rows as a typed array with their shape, or with their targets, and refuses rows of another width or a label it does not know, naming them', () => {
    const given = rowsOf(rows);
    const flat = Float32Array.from(given.features.flat());
    expect(model.predict({ features: flat, shape: [30, 4] })).toEqual(model.predict(given.features));
    expect(model.predict(given)).toEqual(model.predict(given.features));
    expect(model.predict([])).toEqual([]);
    expect(userErrorOf(() => model.predict([[1, 2, 3]]))).toBe('model.predict: the model takes 4 features per row, but the rows have 3');
    expect(userErrorOf(() => model.predictProba([[1, 2, 3, Number.NaN]]))).toBe('model.predictProba: rows[0][3] is NaN: features must be finite numbers');
    expect(userErrorOf(() => model.evaluate({ features: given.features.slice(0, 2), targets: ['setosa', 'rose'] }))).toBe(
      'model.evaluate: data.targets[1]: class "rose" is not one of the classes of the model ("setosa", "versicolor", "virginica")',
    );
  });

  it('refuses a file that is not a checkpoint, and bytes that are not one, in one line naming them', async () => {
    await expect(loadModel(table)).rejects.toThrow(/species\.csv: /);
    await expect(loadModel(new Uint8Array(4))).rejects.toThrow('loadModel: the bytes given: truncated: 4 bytes, too short for the 8-byte header length');
  });
});

describe('model.save', () => {
  it('refuses a folder, or a missing folder, before anything is written, and leaves no file beside it', async () => {
    const { model } = await train({ data: { features: [[0], [1], [2], [3]], targets: ['a', 'b', 'a', 'b'] }, epochs: 1, threads: 1 });
    const folder = files.at('a-folder');
    mkdirSync(folder);
    await expect(model.save(folder)).rejects.toThrow(`model.save: ${folder} is a folder; give a file name`);
    await expect(model.save(files.at('missing/m.safetensors'))).rejects.toThrow(/^model\.save: .*: the folder .*missing does not exist$/);
    expect(readdirSync(folder)).toEqual([]);
    expect(existsSync(files.at('missing'))).toBe(false);
  });

  it("keeps arrays' data by their field's name and a file's path as an absolute one, as the command line saves it", async () => {
    const { model } = await train({ data: { features: [[0], [1], [2], [3]], targets: [1, 2, 1, 2] }, epochs: 1, threads: 1 });
    const path = files.at('arrays.safetensors');
    await model.save(path);
    expect(loadCheckpoint(path).config.data).toBe('config.data');
    const run = einprop(['eval', '--model', path]);
    expect(run.stderr).toBe(`einprop: ${path} was trained on config.data, which is not there now; give --data\n`);
    rmSync(path);
    const table = speciesCsv(files.at('relative.csv'), 30);
    const fromFile = await train({ data: relative(process.cwd(), table), target: ['species'], ignore: ['id'], epochs: 1, threads: 1 });
    await fromFile.model.save(path);
    expect(loadCheckpoint(path).config.data).toBe(table);
  });
});

describe('a regression model', () => {
  // y = 10 + 2·(x₀ + 2·x₁ + 0.5): one identity layer, its outputs mapped back through mean 10 and std 2.
  const state: TrainingState = {
    config: smallConfig('config.data', { task: 'regression', normalizeTarget: 'standard', model: { layers: [2, 1], activation: 'relu', output: 'identity', loss: 'mse', init: 'he' }, normalize: 'none' }),
    normalization: { kind: 'none' },
    schema: { classes: [], table: null },
    targetScaling: { mean: [10], std: [2] },
    classWeights: null,
    layers: [{ weight: Float32Array.of(1, 2), bias: Float32Array.of(0.5), outputs: 1, inputs: 2 }],
    optimizer: { buffers: {}, scalars: {} },
    rng: { init: [1, 2, 3, 4] },
    epoch: 1,
    step: 0,
  };
  const parts = stateParts(state);
  if (parts.task !== 'regression') throw new Error('a regression state');
  const model = new Model({ ...parts, task: 'regression' });

  it("predicts value rows in the targets' units", () => {
    expectTypeOf(model.predict([[0, 0]])).toEqualTypeOf<number[][]>();
    expect(model.predict([[0, 0], [1, 1], [-0.5, 0.25]])).toEqual([[11], [17], [11]]);
    expect(model.spec).toMatchObject({ task: 'regression', classes: undefined, widths: [2, 1] });
  });

  it('evaluates RMSE, MAE and R² against numeric targets', () => {
    const figures = model.evaluate({ features: [[0, 0], [1, 1], [-0.5, 0.25]], targets: [12, 17, 10] });
    expectTypeOf(figures.rmse).toEqualTypeOf<number>();
    expect(figures).toEqual({ task: 'regression', rmse: Math.sqrt(2 / 3), mae: 2 / 3, r2: 1 - 2 / 26, samples: 3 });
    expect(userErrorOf(() => model.evaluate({ features: [[0, 0]], targets: [[1, 2]] }))).toBe('model.evaluate: data.targets[0] is an array of 2, but the model predicts 1 value per row');
  });

  it('has no class probabilities, saying so', () => {
    expect(userErrorOf(() => model.predictProba([[0, 0]]))).toBe('model.predictProba: a regression model predicts values, not class probabilities; use predict');
  });

  it('its checkpoint holds its task and target scaling (format 3), and opens as the same regressor', async () => {
    const bytes = model.toBuffer();
    const checkpoint = checkpointFromFile(decodeSafetensors(bytes, 'bytes'), 'bytes');
    expect(checkpoint.targetScaling).toEqual({ mean: [10], std: [2] });
    expect(decodeSafetensors(bytes, 'bytes').metadata.format_version).toBe('3');
    const opened = await loadModel(bytes);
    expect(opened.task).toBe('regression');
    expect(opened.predict([[0, 0], [1, 1]])).toEqual([[11], [17]]);
  });
});

describe('a regression model trained by the command line, opened with loadModel', () => {
  const table = regressionCsv(200, 11, ['linear', 'nonlinear']);
  const saved = files.at('regression.safetensors');

  it("predicts what `einprop predict` prints (to float32) and scores what `einprop eval` scores", async () => {
    einpropJson(['train', '--task', 'regression', '--data', table, '--target', 'linear,nonlinear', '--epochs', '3', '--threads', '1', '--save', saved]);
    const opened = await loadModel(saved);
    if (opened.task !== 'regression') throw new Error('a regressor was saved');
    const data = loadCsv(table, { target: ['linear', 'nonlinear'], task: 'regression' });
    const features = Array.from({ length: data.count }, (_, r) => Array.from(data.features.subarray(4 * r, 4 * r + 4)));
    const targets = Array.from({ length: data.count }, (_, r) => Array.from(data.targets.subarray(2 * r, 2 * r + 2)));
    const printed = einpropJson(['predict', '--model', saved, '--data', table]) as number[][];
    expect(opened.predict(features).map((row) => row.map(Math.fround))).toEqual(printed.map((row) => row.map(Math.fround)));
    const { data: _data, split: _split, model: _model, targets: _targets, ...figures } = einpropJson(['eval', '--model', saved, '--data', table, '--split', 'all']) as Record<string, unknown>;
    expect(opened.evaluate({ features, targets })).toEqual(figures);
    expect(Buffer.from(opened.toBuffer()).equals(readFileSync(saved))).toBe(true);
  });
});

describe('weights from elsewhere, opened with loadModel', () => {
  const layers = [
    { weight: Float32Array.of(0.5, -1, 0.25, 1, 0, -0.5), bias: Float32Array.of(0.1, -0.2), outputs: 2, inputs: 3 },
    { weight: Float32Array.of(1, -1, 0.5, 0.5, -0.25, 1), bias: Float32Array.of(0, 0.1, -0.1), outputs: 3, inputs: 2 },
  ];
  const path = files.at('weights.safetensors');
  const rows = [[1, 2, 3], [-1, 0.5, 2], [0, 0, 0]];

  it('predict as `einprop predict` does with the same --activation and --output, from the path or the bytes, as a classifier of outputs 0..C−1', async () => {
    writeSafetensors(path, weightsOnlyFile(layers, 'F32', { scheme: 'sequential', indices: [0, 2] }));
    const csv = files.at('weights-rows.csv');
    writeFileSync(csv, `${rows.map((row) => [...row, 0].join(',')).join('\n')}\n`);
    const model = await loadModel(path, { activation: 'tanh', output: 'sigmoid' });
    expect(model.task).toBe('classification');
    expect(model.spec).toMatchObject({ widths: [3, 2, 3], activation: 'tanh', output: 'sigmoid', classes: [0, 1, 2], normalization: 'none' });
    expect(model.predict(rows)).toEqual(einpropJson(['predict', '--model', path, '--data', csv, '--activation', 'tanh', '--output', 'sigmoid']));
    const proba = einpropJson(['predict', '--model', path, '--data', csv, '--activation', 'tanh', '--output', 'sigmoid', '--proba']) as { probabilities: number[][] };
    expect(model.predictProba(rows).map((row) => row.map(Math.fround))).toEqual(proba.probabilities.map((row) => row.map(Math.fround)));
    const fromBytes = await loadModel(readFileSync(path), { activation: 'tanh', output: 'sigmoid' });
    expect(fromBytes.predict(rows)).toEqual(model.predict(rows));
    expect((await loadModel(path)).spec).toMatchObject({ activation: 'relu', output: 'softmax' });
  });

  it('have no checkpoint to save, and no probabilities without a softmax or sigmoid output, saying so', async () => {
    writeSafetensors(path, weightsOnlyFile(layers, 'F32', { scheme: 'einprop' }));
    const model = await loadModel(path, { output: 'identity' });
    if (model.task !== 'classification') throw new Error('weights alone are a classifier');
    expect(model.state).toBeUndefined();
    expect(userErrorOf(() => model.toBuffer())).toBe(`model.save: ${path} holds weights alone, with no training settings for a checkpoint; toOnnx exports it, and train() with { initial } fine-tunes it`);
    expect(userErrorOf(() => model.predictProba(rows))).toBe('model.predictProba: class probabilities come from a softmax or sigmoid output, but this model has a identity output; use predict');
    expect(model.evaluate({ features: rows, targets: model.predict(rows) }).accuracy).toBe(1);
  });

  it("refuses an option that is no activation, or that contradicts a checkpoint's", async () => {
    await expect(loadModel(path, { activation: untyped('softmax') })).rejects.toThrow('loadModel: options.activation must be one of sigmoid, tanh, relu, leaky-relu, identity, got "softmax"');
    const { model } = await train({ data: { features: [[0], [1], [2], [3]], targets: ['a', 'b', 'a', 'b'] }, epochs: 1, threads: 1 });
    const saved = files.at('tiny.safetensors');
    await model.save(saved);
    await expect(loadModel(saved, { activation: 'tanh' })).rejects.toThrow(`loadModel: options.activation tanh contradicts ${saved}, which was trained with activation relu; leave it out`);
    expect((await loadModel(saved, { activation: 'relu' })).spec.activation).toBe('relu');
  });
});
