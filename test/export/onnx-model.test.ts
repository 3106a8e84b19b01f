// exportOnnx checked by ONNX Runtime: the exported graph computes einprop's forward pass, for every activation and normalisation.

import fc from 'fast-check';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { type Normalization, applyNormalization, fitNormalization } from '../../src/data/normalization.js';
import type { FittedNormalizeName } from '../../src/data/normalization.js';
import { UserError } from '../../src/errors.js';
import { type ExportableModel, exportOnnx } from '../../src/export/onnx-model.js';
import { parameterLayout } from '../../src/nn/parameters.js';
import { Random } from '../../src/tensor/random.js';
import type { ActivationName } from '../../src/train/config.js';
import { predictClasses } from '../../src/train/evaluate.js';
import { restoreNetwork } from '../../src/train/restore-network.js';
import { fcOptions } from '../support/fc.js';
import { runOnnx } from '../support/onnx-runtime.js';

const { onnx } = onnxProto;
const ACTIVATIONS: readonly ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity', 'softmax'];
const NORMALIZATIONS: readonly FittedNormalizeName[] = ['none', 'max', 'standard', 'minmax'];
const ROWS = 300;

/** `rows` rows of `width` features, feature j drawn around its own centre and spread (so that each normalisation changes them). */
function randomRows(rows: number, width: number, seed: number): Float32Array {
  const random = new Random(seed);
  const centre = Array.from({ length: width }, () => 20 * (random.nextFloat() - 0.5));
  const spread = Array.from({ length: width }, () => 0.5 + 5 * random.nextFloat());
  return Float32Array.from({ length: rows * width }, (_, i) => centre[i % width] + spread[i % width] * random.nextNormal());
}

/** A model of these widths with weights ~ N(0, 1/inputs) and small biases, its normalisation fitted to `rows`. */
function randomModel(widths: number[], activation: ActivationName, output: ActivationName, kind: FittedNormalizeName, rows: Float32Array, seed: number): ExportableModel {
  const random = new Random(seed);
  const layers = parameterLayout(widths).layers.map((slot) => ({
    weight: Float32Array.from({ length: slot.outputs * slot.inputs }, () => random.nextNormal() / Math.sqrt(slot.inputs)),
    bias: Float32Array.from({ length: slot.outputs }, () => 0.1 * random.nextNormal()),
    outputs: slot.outputs,
    inputs: slot.inputs,
  }));
  const normalization = fitNormalization(dataOf(rows, widths[0]), kind);
  return { widths, activation, output, layers, normalization, task: 'classification' };
}

function dataOf(features: Float32Array, width: number): ReturnType<typeof makeDataset> {
  const count = features.length / width;
  return makeDataset(features, new Int32Array(count), width, 'rows');
}

/** einprop's own outputs and classes for the rows: the stored normalisation, then restoreNetwork's float32 forward pass. */
function einpropForward(model: ExportableModel, features: Float32Array): { outputs: Float32Array; classes: Int32Array } {
  const loss = model.output === 'softmax' ? 'cross-entropy' : 'mse';
  const network = restoreNetwork({ widths: model.widths, activation: model.activation, output: model.output, loss }, model.layers);
  const data = applyNormalization(model.normalization, dataOf(features, model.widths[0]));
  const width = model.widths[0];
  const outputs = model.widths[model.widths.length - 1];
  const result = new Float32Array(data.count * outputs);
  for (let start = 0; start < data.count; start += network.maxRows) {
    const rows = Math.min(network.maxRows, data.count - start);
    network.input.set(data.features.subarray(start * width, (start + rows) * width));
    result.set(network.forward(rows).subarray(0, rows * outputs), start * outputs);
  }
  return { outputs: result, classes: predictClasses(network, data) };
}

/** The largest |actual − expected| / max(1, |expected|). */
function largestError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let largest = 0;
  for (let i = 0; i < expected.length; i++) largest = Math.max(largest, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  return largest;
}

/**
 * Exports `model`, runs it in ONNX Runtime on `features` and checks it against einprop: outputs within 1e-5, and the
 * same class on every row; with `ties` 'within-tolerance', a row whose two largest outputs lie within 2e-5 of each
 * other (saturated outputs) may have ONNX Runtime pick either, as long as its pick is within 1e-5 of the largest.
 */
async function expectRuntimeAgrees(model: ExportableModel, features: Float32Array, ties: 'exact' | 'within-tolerance' = 'exact'): Promise<void> {
  const rows = features.length / model.widths[0];
  const outputs = model.widths[model.widths.length - 1];
  const run = await runOnnx(exportOnnx(model), features, rows, model.widths[0]);
  const expected = einpropForward(model, features);
  expect(run.outputDims).toEqual([rows, outputs]);
  expect(largestError(run.output, expected.outputs)).toBeLessThanOrEqual(1e-5);
  if (ties === 'exact' || run.classes === undefined) {
    expect(run.classes).toEqual(Array.from(expected.classes));
    return;
  }
  run.classes.forEach((picked, r) => {
    const row = Array.from(expected.outputs.subarray(r * outputs, (r + 1) * outputs));
    const [first, second] = [...row].sort((a, b) => b - a);
    if (second === undefined || first - second > 2e-5) expect(picked).toBe(expected.classes[r]);
    else expect(row[picked]).toBeGreaterThanOrEqual(first - 1e-5);
  });
}

describe('exportOnnx, run by ONNX Runtime', () => {
  describe.each(NORMALIZATIONS)('with normalisation %s', (kind) => {
    it.each(ACTIVATIONS)('hidden %s, softmax output: probabilities within 1e-5 of einprop and the same class on every row', async (activation) => {
      const rows = randomRows(ROWS, 6, 1);
      await expectRuntimeAgrees(randomModel([6, 9, 7, 4], activation, 'softmax', kind, rows, 2), rows);
    });
  });

  it.each(ACTIVATIONS)('output %s: its values within 1e-5 of einprop and the class of the largest on every row', async (output) => {
    const rows = randomRows(ROWS, 5, 3);
    await expectRuntimeAgrees(randomModel([5, 8, 3], 'tanh', output, 'standard', rows, 4), rows);
  });

  it('a softmax output sums to 1 on every row, and a one-layer model exports too', async () => {
    const rows = randomRows(ROWS, 4, 5);
    const model = randomModel([4, 3], 'relu', 'softmax', 'max', rows, 6);
    await expectRuntimeAgrees(model, rows);
    const { output } = await runOnnx(exportOnnx(model), rows, ROWS, 4);
    for (let r = 0; r < ROWS; r++) expect(output[3 * r] + output[3 * r + 1] + output[3 * r + 2]).toBeCloseTo(1, 6);
  });

  it('any widths, activations and normalisation: ONNX Runtime computes what einprop computes (saturated ties aside)', async () => {
    const activation = fc.constantFrom(...ACTIVATIONS);
    const widths = fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(widths, activation, activation, fc.constantFrom(...NORMALIZATIONS), fc.integer({ min: 1, max: 40 }), fc.nat(), async (w, hidden, output, kind, rows, seed) => {
        const features = randomRows(rows, w[0], seed);
        await expectRuntimeAgrees(randomModel(w, hidden, output, kind, features, seed + 1), features, 'within-tolerance');
      }),
      fcOptions(25),
    );
  });

  it('regression: the outputs are mapped back by the target scaling, value · std + mean, and there is no class output', async () => {
    const rows = randomRows(ROWS, 5, 7);
    const targetScaling = { mean: [120, -3.5], std: [40, 0.25] };
    const model: ExportableModel = { ...randomModel([5, 8, 2], 'relu', 'identity', 'standard', rows, 8), task: 'regression', targetScaling };
    const run = await runOnnx(exportOnnx(model), rows, ROWS, 5);
    const standardised = einpropForward(model, rows).outputs;
    const expected = Array.from(standardised, (v, i) => v * targetScaling.std[i % 2] + targetScaling.mean[i % 2]);
    expect(largestError(run.output, expected)).toBeLessThanOrEqual(1e-5);
    expect(run.outputNames).toEqual(['output']);
    expect(run.classes).toBeUndefined();
  });

  it('regression without target scaling outputs the network\'s values as they are', async () => {
    const rows = randomRows(ROWS, 3, 9);
    const model: ExportableModel = { ...randomModel([3, 6, 2], 'leaky-relu', 'identity', 'none', rows, 10), task: 'regression' };
    const run = await runOnnx(exportOnnx(model), rows, ROWS, 3);
    expect(largestError(run.output, einpropForward(model, rows).outputs)).toBeLessThanOrEqual(1e-5);
  });
});

describe('exportOnnx, the file', () => {
  const rows = randomRows(50, 4, 11);
  const model = randomModel([4, 5, 3], 'relu', 'softmax', 'standard', rows, 12);

  it('is opset 17 with one float32 input [batch, features], outputs output [batch, classes] and class [batch], and einprop metadata', () => {
    const decoded = onnx.ModelProto.decode(exportOnnx(model));
    expect(decoded.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    expect(decoded.producerName).toBe('einprop');
    const graph = onnx.GraphProto.create(decoded.graph ?? {});
    const shapeOf = (value: onnxProto.onnx.IValueInfoProto): (string | number)[] =>
      (value.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue)));
    expect(graph.input.map((v) => [v.name, v.type?.tensorType?.elemType, shapeOf(v)])).toEqual([['input', onnx.TensorProto.DataType.FLOAT, ['batch', 4]]]);
    expect(graph.output.map((v) => [v.name, v.type?.tensorType?.elemType, shapeOf(v)])).toEqual([
      ['output', onnx.TensorProto.DataType.FLOAT, ['batch', 3]],
      ['class', onnx.TensorProto.DataType.INT64, ['batch']],
    ]);
    const metadata = Object.fromEntries(decoded.metadataProps.map((p) => [p.key, p.value]));
    expect(metadata).toMatchObject({ 'einprop.classes': '[0,1,2]', 'einprop.task': 'classification', 'einprop.normalization': 'standard', 'einprop.layers': '[4,5,3]' });
    expect(metadata['einprop.version']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('holds the given class labels, in output order, as a JSON array', () => {
    const decoded = onnx.ModelProto.decode(exportOnnx({ ...model, classes: ['setosa', 'versicolor', 'virginica'] }));
    const classes = decoded.metadataProps.find((p) => p.key === 'einprop.classes')?.value;
    expect(JSON.parse(classes ?? 'null')).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('the same model gives the same bytes', () => {
    expect(Buffer.from(exportOnnx(model)).equals(Buffer.from(exportOnnx(model)))).toBe(true);
  });

  it('a description that does not fit together is a UserError naming what does not fit', () => {
    const bad = (change: Partial<ExportableModel>): (() => Uint8Array) => () => exportOnnx({ ...model, ...change });
    expect(bad({ classes: ['a', 'b'] })).toThrow(new UserError('export: 2 class labels for 3 outputs'));
    expect(bad({ targetScaling: { mean: [0, 0, 0], std: [1, 1, 1] } })).toThrow(new UserError('export: a classification model has no target scaling'));
    expect(bad({ task: 'regression', targetScaling: { mean: [0], std: [1] } })).toThrow(/the target scaling has 1 means and 1 stds for 3 outputs/);
    expect(bad({ widths: [4, 6, 3] })).toThrow(/layer 0 \(5×4, 20 weights, 5 biases\) does not fit between widths 4 and 6/);
    const narrow: Normalization = { kind: 'standard', mean: [0, 0], std: [1, 1] };
    expect(bad({ normalization: narrow })).toThrow(new UserError('the "standard" normalisation was fitted to 2 features, but the model takes 4 inputs'));
  });
});
