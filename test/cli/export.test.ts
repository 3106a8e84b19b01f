// einprop export through the built executable: the ONNX file, run by ONNX Runtime, predicts what `einprop predict` predicts.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportableModel } from '../../src/cli/export.js';
import { loadModel, normalizationFor } from '../../src/cli/model-file.js';
import { loadCsv } from '../../src/data/csv.js';
import { makeDataset } from '../../src/data/dataset.js';
import { applyNormalization } from '../../src/data/normalization.js';
import { exportOnnx } from '../../src/export/onnx-model.js';
import { digitsCsv, einprop, einpropJson, scratchFolder } from '../support/built-einprop.js';
import { einpropInProcess } from '../support/cli-in-process.js';
import { runOnnx } from '../support/onnx-runtime.js';
import { regressionCsv } from '../support/regression-data.js';

const folder = scratchFolder();
afterAll(folder.remove);
const data = digitsCsv(folder.at('digits.csv'), 300);
const WIDTH = 64;
const CLASSES = 10;

/** Trains a small model on the digits with `flags` and saves it as `name`; returns its path. */
function trained(name: string, flags: string[]): string {
  const path = folder.at(name);
  einpropJson(['train', '--data', data, '--layers', '64,12,10', '--epochs', '2', '--batch-size', '32', '--lr', '0.05', '--threads', '1', '--save', path, ...flags]);
  return path;
}

/** The model's outputs for every row of the digits, computed by einprop in this process (stored normalisation, float32 forward pass). */
function einpropOutputs(path: string): Float32Array {
  const model = loadModel(path);
  const csv = loadCsv(data);
  const given = makeDataset(csv.features, new Int32Array(csv.count), WIDTH, data);
  const rows = applyNormalization(normalizationFor(model, given), given);
  const outputs = new Float32Array(rows.count * CLASSES);
  const network = model.network;
  for (let start = 0; start < rows.count; start += network.maxRows) {
    const count = Math.min(network.maxRows, rows.count - start);
    network.input.set(rows.features.subarray(start * WIDTH, (start + count) * WIDTH));
    outputs.set(network.forward(count).subarray(0, count * CLASSES), start * CLASSES);
  }
  return outputs;
}

describe('einprop export --format onnx', () => {
  it.each([
    ['the defaults (relu, softmax, --normalize max)', 'max.safetensors', []],
    ['tanh layers, --normalize standard', 'standard.safetensors', ['--activation', 'tanh', '--normalize', 'standard']],
    ['sigmoid layers and output, mse, --normalize none', 'none.safetensors', ['--activation', 'sigmoid', '--output', 'sigmoid', '--loss', 'mse', '--normalize', 'none']],
  ])('%s: ONNX Runtime gives predict\'s class on every row and einprop\'s outputs within 1e-5', async (_, name, flags) => {
    const model = trained(name, flags);
    const out = folder.at(`${name}.onnx`);
    const result = einpropJson(['export', '--model', model, '--format', 'onnx', '--out', out]);
    const bytes = readFileSync(out);
    expect(result).toEqual({ model, out, format: 'onnx', opset: 17, bytes: bytes.length, inputs: WIDTH, outputs: CLASSES });
    const csv = loadCsv(data);
    const run = await runOnnx(bytes, csv.features, csv.count, WIDTH);
    expect(run.classes).toEqual(einpropJson(['predict', '--model', model, '--data', data]));
    const expected = einpropOutputs(model);
    let largest = 0;
    for (let i = 0; i < expected.length; i++) largest = Math.max(largest, Math.abs(run.output[i] - expected[i]));
    expect(largest).toBeLessThanOrEqual(1e-5);
  });

  it('writes the bytes exportOnnx makes of the loaded model, with a line saying what it wrote', () => {
    const model = folder.at('max.safetensors');
    const out = folder.at('plain.onnx');
    const run = einprop(['export', '--model', model, '--out', out]);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toBe(`wrote ${out} (ONNX opset 17, 64 inputs, 10 outputs, ${readFileSync(out).length} bytes)\n`);
    expect(readFileSync(out).equals(Buffer.from(exportOnnx(exportableModel(loadModel(model)))))).toBe(true);
  });

  it('usage errors exit 2 with one line naming the flag, and write nothing', async () => {
    const model = folder.at('max.safetensors');
    const out = folder.at('never.onnx');
    for (const [args, message] of [
      [['export', '--model', model, '--format', 'pmml', '--out', out], /^einprop: --format must be one of onnx, got "pmml"\n$/],
      [['export', '--out', out], /^einprop: --model is required/],
      [['export', '--model', model], /^einprop: --out is required/],
      [['export', '--model', model, '--out', model], /^einprop: --out names the model file .* itself; give another path\n$/],
    ] as [string[], RegExp][]) {
      const run = await einpropInProcess(...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('a file that is not a checkpoint exits 1, an --out in a missing folder exits 2 before the model is read; one line each, no temporary file', async () => {
    const notModel = await einpropInProcess('export', '--model', data, '--out', folder.at('x.onnx'));
    expect(notModel.code).toBe(1);
    expect(notModel.stderr).toMatch(/^einprop: .*digits\.csv: .*not a safetensors file/);
    const missing = folder.at('nowhere/m.onnx');
    const run = await einpropInProcess('export', '--model', folder.at('max.safetensors'), '--out', missing);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^einprop: --out .*nowhere/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(readdirSync(folder.at('.')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('einprop export of a regression model', () => {
  it("ONNX Runtime gives predict's values, in the targets' units, within float32 rounding of the target scaling", async () => {
    const rows = regressionCsv(200, 6, ['linear', 'nonlinear']);
    const model = folder.at('regression.safetensors');
    einpropJson(['train', '--data', rows, '--task', 'regression', '--target', 'linear,nonlinear', '--hidden', '16', '--epochs', '3', '--threads', '1', '--save', model]);
    const out = folder.at('regression.onnx');
    expect(einpropJson(['export', '--model', model, '--out', out])).toMatchObject({ inputs: 4, outputs: 2 });
    const table = loadCsv(rows, { task: 'regression', target: ['linear', 'nonlinear'] });
    const run = await runOnnx(readFileSync(out), table.features, table.count, 4);
    expect(run.classes).toBeUndefined();
    const predicted = (einpropJson(['predict', '--model', model, '--data', rows]) as number[][]).flat();
    for (let i = 0; i < predicted.length; i++) expect(Math.abs(run.output[i] - predicted[i])).toBeLessThanOrEqual(1e-4 * Math.abs(predicted[i]));
  });
});

