// Weights from elsewhere through the built executable: files written here in every float dtype under einprop's, nn.Sequential's or a module's names are evaluated, exported and fine-tuned.

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../src/checkpoint/checkpoint.js';
import { writeSafetensors } from '../../src/checkpoint/safetensors.js';
import { loadCsv } from '../../src/data/csv.js';
import type { LayerState } from '../../src/train/state.js';
import { blobsCsv, digitsCsv, einprop, einpropJson, scratchFolder } from '../support/built-einprop.js';
import { runOnnx } from '../support/onnx-runtime.js';
import { type FloatDType, type Naming, halfExact, sequentialIndices, weightsOnlyFile } from '../support/weights-files.js';

const folder = scratchFolder();
afterAll(folder.remove);
const data = digitsCsv(folder.at('digits.csv'), 240);
/** Plain SGD over every row in file order, one thread: a run whose next epoch depends on the weights alone. */
const RUN = ['--data', data, '--layers', '64,16,10', '--test-split', '0', '--no-shuffle', '--optimizer', 'sgd', '--lr', '0.05', '--batch-size', '32', '--threads', '1'];

/** Trains with RUN and `flags` for `epochs` epochs and saves the checkpoint as `name`; returns its path. */
function trained(name: string, epochs: number, flags: string[] = []): string {
  const path = folder.at(name);
  einpropJson(['train', ...RUN, '--epochs', String(epochs), ...flags, '--save', path]);
  return path;
}

/** Writes `layers` as a weights-only file `name`; returns its path. */
function weightsFile(name: string, layers: readonly LayerState[], dtype: FloatDType, naming: Naming): string {
  const path = folder.at(name);
  writeSafetensors(path, weightsOnlyFile(layers, dtype, naming));
  return path;
}

const NAMINGS: readonly Naming[] = [{ scheme: 'einprop' }, { scheme: 'sequential', indices: sequentialIndices(2) }];
const DTYPES: readonly FloatDType[] = ['F32', 'F64', 'F16', 'BF16'];

/** The weights of checkpoint `path` alone (the checkpoint's names, F32). */
function layersOf(path: string): readonly LayerState[] {
  return loadCheckpoint(path).layers;
}

/** A checkpoint's layers, each bit of them, as one array. */
function flatLayers(path: string): number[] {
  return layersOf(path).flatMap((layer) => [...layer.weight, ...layer.bias]);
}

const plain = trained('plain.safetensors', 3, ['--normalize', 'none']);

describe('eval, predict and export of weights without einprop metadata', () => {
  it("a checkpoint's exact layers, saved as weights alone under either naming scheme, score and predict as the checkpoint does", () => {
    const expected = einpropJson(['eval', '--model', plain, '--split', 'all']);
    const predictions = einpropJson(['predict', '--model', plain, '--data', data]);
    for (const naming of NAMINGS) {
      const path = weightsFile(`exact-${naming.scheme}.safetensors`, layersOf(plain), 'F32', naming);
      expect(einpropJson(['eval', '--model', path, '--data', data])).toEqual({ ...(expected as object), model: path });
      expect(einpropJson(['predict', '--model', path, '--data', data])).toEqual(predictions);
    }
  });

  it("the same layers under a PyTorch module's names (self.net = nn.Sequential: net.0., net.2.; self.fc1, self.fc2: fc1., fc2.) score and predict as the checkpoint does", () => {
    const expected = einpropJson(['eval', '--model', plain, '--split', 'all']);
    const predictions = einpropJson(['predict', '--model', plain, '--data', data]);
    for (const [name, prefix, indices] of [['net', 'net.', [0, 2]], ['fc', 'fc', [1, 2]]] as const) {
      const path = weightsFile(`module-${name}.safetensors`, layersOf(plain), 'F32', { scheme: 'prefixed', prefix, indices });
      expect(einpropJson(['eval', '--model', path, '--data', data])).toEqual({ ...(expected as object), model: path });
      expect(einpropJson(['predict', '--model', path, '--data', data])).toEqual(predictions);
    }
  });

  it('a file whose tensors have two prefixes exits 1 with one line naming the file, a tensor and the accepted names', () => {
    const layers = layersOf(plain);
    const path = folder.at('two-prefixes.safetensors');
    const encoder = weightsOnlyFile(layers.slice(0, 1), 'F32', { scheme: 'prefixed', prefix: 'enc.', indices: [0] });
    const decoder = weightsOnlyFile(layers.slice(1), 'F32', { scheme: 'prefixed', prefix: 'dec.', indices: [0] });
    writeSafetensors(path, { tensors: new Map([...encoder.tensors, ...decoder.tensors]), metadata: {} });
    expect(einprop(['predict', '--model', path, '--data', data])).toMatchObject({
      status: 1,
      stderr: `einprop: ${path}: tensors "dec.0.bias" and "enc.0.bias" follow two naming schemes (prefixes "dec." and "enc."); a weights file uses one: <prefix><i>.weight and <prefix><i>.bias, one prefix for all\n`,
    });
  });

  it('the same values in F32, F64, F16 and BF16, under either naming scheme, give the same scores and predictions', () => {
    const layers = layersOf(plain).map((layer) => ({ ...layer, weight: halfExact(layer.weight), bias: halfExact(layer.bias) }));
    const results = DTYPES.flatMap((dtype) =>
      NAMINGS.map((naming) => {
        const path = weightsFile(`half-${dtype}-${naming.scheme}.safetensors`, layers, dtype, naming);
        const { model: _model, ...scores } = einpropJson(['eval', '--model', path, '--data', data]) as { model: string };
        return { scores, predictions: einpropJson(['predict', '--model', path, '--data', data]) };
      }),
    );
    for (const result of results) expect(result).toEqual(results[0]);
  });

  it('--normalize fits to the data given, with one warning: weights of a max-normalised run score on its whole training file as the run does', () => {
    const normalized = trained('max.safetensors', 2, ['--normalize', 'max']);
    const path = weightsFile('max-weights.safetensors', layersOf(normalized), 'F32', NAMINGS[1]);
    const run = einprop(['eval', '--model', path, '--data', data, '--normalize', 'max', '--json']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(`einprop: warning: ${path} holds weights alone: they were not fitted with --normalize max, which is fitted here to the data given\n`);
    const { model: _a, ...scores } = JSON.parse(run.stdout) as { model: string };
    const { model: _b, ...expected } = einpropJson(['eval', '--model', normalized, '--split', 'all']) as { model: string };
    expect(scores).toEqual(expected);
  });

  it("export writes weights alone as ONNX that ONNX Runtime runs to predict's classes; --normalize, which needs data, exits 2", async () => {
    const path = weightsFile('export.safetensors', layersOf(plain), 'F64', NAMINGS[1]);
    const out = folder.at('export.onnx');
    expect(einpropJson(['export', '--model', path, '--out', out])).toMatchObject({ inputs: 64, outputs: 10 });
    const csv = loadCsv(data);
    const run = await runOnnx(readFileSync(out), csv.features, csv.count, 64);
    expect(run.classes).toEqual(einpropJson(['predict', '--model', path, '--data', data]));
    const refused = einprop(['export', '--model', path, '--out', folder.at('refused.onnx'), '--normalize', 'max']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--normalize max is fitted to the data given, and export is given none/);
  });

  it('eval of weights alone needs --data and scores all of it; flags that contradict a checkpoint exit 2 naming both', () => {
    const path = folder.at('exact-einprop.safetensors');
    expect(einprop(['eval', '--model', path])).toMatchObject({ status: 2, stderr: `einprop: --data is needed: ${path} holds weights alone, which name no data\n` });
    expect(einprop(['eval', '--model', path, '--data', data, '--split', 'test']).stderr).toMatch(/--split test needs held-out rows, but .* holds weights alone/);
    const contradicted = einprop(['predict', '--model', plain, '--data', data, '--activation', 'tanh']);
    expect(contradicted).toMatchObject({ status: 2, stderr: `einprop: --activation tanh contradicts ${plain}, which was trained with --activation relu; leave --activation out\n` });
  });
});

describe('train --init-from', () => {
  it('one epoch of SGD from a checkpoint, or from its weights alone in either naming, equals one more epoch of the resumed run, bit for bit', () => {
    const resumed = folder.at('resumed.safetensors');
    einpropJson(['train', '--data', data, '--resume', plain, '--epochs', '4', '--save', resumed]);
    const sources = [plain, ...NAMINGS.map((naming) => folder.at(`exact-${naming.scheme}.safetensors`))];
    for (const source of sources) {
      const tuned = folder.at('tuned.safetensors');
      einpropJson(['train', ...RUN, '--init-from', source, '--epochs', '1', '--save', tuned]);
      expect(flatLayers(tuned)).toEqual(flatLayers(resumed));
      expect(loadCheckpoint(tuned).epoch).toBe(1);
    }
  });

  it('fine-tuning weights in BF16 gives the same weights at 1 and 2 threads', () => {
    const layers = layersOf(plain).map((layer) => ({ ...layer, weight: halfExact(layer.weight), bias: halfExact(layer.bias) }));
    const source = weightsFile('tune-bf16.safetensors', layers, 'BF16', NAMINGS[1]);
    const saved = ['1', '2'].map((threads) => {
      const path = folder.at(`tuned-${threads}.safetensors`);
      einpropJson(['train', '--data', data, '--init-from', source, '--epochs', '2', '--batch-size', '16', '--threads', threads, '--save', path]);
      return loadCheckpoint(path);
    });
    expect(saved[1].layers).toEqual(saved[0].layers);
    expect(saved[1].optimizer).toEqual(saved[0].optimizer);
    expect(saved[0].layers).not.toEqual(layers);
  });

  it("keeps a checkpoint's normalisation on other data of the same width; another --normalize is fitted to the new data with a warning", () => {
    const normalized = folder.at('max.safetensors');
    const other = digitsCsv(folder.at('other.csv'), 120, 3);
    const tuned = folder.at('tuned-other.safetensors');
    einpropJson(['train', '--data', other, '--init-from', normalized, '--epochs', '1', '--threads', '1', '--save', tuned]);
    expect(loadCheckpoint(tuned).normalization).toEqual(loadCheckpoint(normalized).normalization);
    const run = einprop(['train', '--data', other, '--init-from', normalized, '--normalize', 'standard', '--epochs', '1', '--threads', '1', '--save', tuned, '--quiet']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(`einprop: warning: the weights of ${normalized} were fitted with --normalize max; --normalize standard is fitted to the new training data\n`);
    expect(loadCheckpoint(tuned).normalization).toMatchObject({ kind: 'standard' });
  });

  it('refuses --resume beside it, --layers the weights do not fit, and weights alone given to --resume (exit 2); data of another width (exit 1)', () => {
    const weights = folder.at('exact-sequential.safetensors');
    expect(einprop(['train', '--data', data, '--init-from', weights, '--resume', plain])).toMatchObject({
      status: 2,
      stderr: `einprop: --init-from starts a new run from weights, and --resume ${plain} continues one; give one or the other\n`,
    });
    expect(einprop(['train', '--data', data, '--init-from', weights, '--layers', '64,32,10'])).toMatchObject({
      status: 2,
      stderr: `einprop: --layers 64,32,10 needs [32, 64] for layer 1, but tensor "0.weight" of ${weights} is [16, 64]\n`,
    });
    expect(einprop(['train', '--data', data, '--resume', weights])).toMatchObject({
      status: 2,
      stderr: `einprop: --resume ${weights} holds weights alone, without einprop's metadata: a run can start from them with --init-from, not resume\n`,
    });
    const wide = einprop(['train', '--data', blobsCsv(folder.at('blobs.csv'), 30), '--init-from', weights, '--epochs', '1']);
    expect(wide.status).toBe(1);
    expect(wide.stderr).toMatch(/the model takes 64 inputs, but .*blobs\.csv has 4 features per row/);
  });
});
