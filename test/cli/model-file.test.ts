// Opening a model file: a checkpoint with its own architecture (contradicting flags refused), or weights alone with the flags' architecture.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveCheckpoint } from '../../src/checkpoint/checkpoint.js';
import { readModelFile } from '../../src/checkpoint/read-model-file.js';
import { loadModel, normalizationFor } from '../../src/cli/model-file.js';
import { readSafetensors, writeSafetensors } from '../../src/checkpoint/safetensors.js';
import { makeDataset } from '../../src/data/dataset.js';
import { ReportedError, UserError } from '../../src/errors.js';
import type { LayerState } from '../../src/train/state.js';
import { smallConfig } from '../support/config.js';
import { weightsOnlyFile } from '../support/weights-files.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-model-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LAYERS: LayerState[] = [
  { weight: Float32Array.of(1, -1, 0.5, 2, 0, -0.25), bias: Float32Array.of(0.125, -0.5), outputs: 2, inputs: 3 },
  { weight: Float32Array.of(1, 0, 0, 1, 0.5, 0.5), bias: Float32Array.of(0, 0, 1), outputs: 3, inputs: 2 },
];

/** A weights-only file of LAYERS under nn.Sequential's names, with `metadata`. */
function weightsAt(name: string, metadata: Record<string, string> = {}): string {
  const path = join(dir, name);
  writeSafetensors(path, { ...weightsOnlyFile(LAYERS, 'F32', { scheme: 'sequential', indices: [0, 2] }), metadata });
  return path;
}

/** A checkpoint of LAYERS trained with tanh layers, a sigmoid output and --normalize standard. */
function checkpointAt(name: string): string {
  const path = join(dir, name);
  const config = smallConfig('data.csv', { normalize: 'standard' });
  saveCheckpoint(path, {
    config: { ...config, model: { ...config.model, layers: [3, 2, 3], activation: 'tanh', output: 'sigmoid', loss: 'mse' } },
    normalization: { kind: 'standard', mean: [0, 1, 2], std: [1, 2, 3] },
    layers: LAYERS,
    optimizer: { buffers: {}, scalars: {} },
    rng: {},
    epoch: 1,
    step: 0,
  });
  return path;
}

/** The ReportedError that `open` throws. */
function refusal(open: () => unknown): ReportedError {
  try {
    open();
  } catch (error) {
    if (error instanceof ReportedError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('loadModel', () => {
  it('weights alone take relu, softmax and no normalisation by default, the flags where given, and have no training settings', () => {
    const path = weightsAt('plain.safetensors');
    const model = loadModel(path, {}, () => {
      throw new Error('no warning expected');
    });
    expect(model).toMatchObject({ path, config: undefined, normalization: { kind: 'none' }, normalize: 'none' });
    expect(model.spec).toEqual({ widths: [3, 2, 3], activation: 'relu', output: 'softmax', loss: 'cross-entropy' });
    expect(loadModel(path, { activation: 'tanh', output: 'sigmoid' }).spec).toMatchObject({ activation: 'tanh', output: 'sigmoid', loss: 'mse' });
    // The network holds the file's values, layer after layer.
    expect(Array.from(model.network.params)).toEqual([...LAYERS[0].weight, ...LAYERS[0].bias, ...LAYERS[1].weight, ...LAYERS[1].bias]);
  });

  it('weights alone with --normalize warn once that they were not fitted with it, and fit it to the data they are given', () => {
    const warnings: string[] = [];
    const path = weightsAt('normalized.safetensors');
    const model = loadModel(path, { normalize: 'max' }, (line) => warnings.push(line));
    expect(warnings).toEqual([`${path} holds weights alone: they were not fitted with --normalize max, which is fitted here to the data given`]);
    expect(model.normalization).toBeUndefined();
    const rows = makeDataset(Float32Array.of(1, -8, 2, 4, 0, 0), Int32Array.of(0, 1), 3, 'rows');
    expect(normalizationFor(model, rows)).toEqual({ kind: 'max', scale: 8 });
  });

  it("a file with another tool's metadata (format pt) is weights alone; one that claims einprop's format is held to its checksums", () => {
    expect(readModelFile(weightsAt('pt.safetensors', { format: 'pt' })).weights?.widths).toEqual([3, 2, 3]);
    const claimed = weightsAt('claimed.safetensors', { format: 'einprop-checkpoint' });
    expect(refusal(() => loadModel(claimed)).message).toBe(
      `${claimed}: metadata "format_version" and "checksum_sha256" are missing, which every checkpoint einprop writes has: was the file written or edited by something else?`,
    );
    const claimedV2 = weightsAt('claimed-v2.safetensors', { format: 'einprop-checkpoint', format_version: '2' });
    expect(refusal(() => loadModel(claimedV2)).message).toMatch(/: metadata "checksum_sha256" and "metadata_sha256" are missing, which every checkpoint einprop writes has/);
    const versioned = weightsAt('versioned.safetensors', { einprop_version: '0.1.0' });
    expect(refusal(() => loadModel(versioned)).message).toBe(
      `${versioned}: not an einprop checkpoint (its metadata has no "format": "einprop-checkpoint", yet einprop's "einprop_version": was it edited?)`,
    );
  });

  it("a checkpoint brings its architecture and normalisation; flags that repeat them are accepted, flags that contradict them exit 2 naming both", () => {
    const path = checkpointAt('trained.safetensors');
    const model = loadModel(path, { activation: 'tanh', output: 'sigmoid', normalize: 'standard' });
    expect(model.spec).toEqual({ widths: [3, 2, 3], activation: 'tanh', output: 'sigmoid', loss: 'mse' });
    expect(model.normalization).toEqual({ kind: 'standard', mean: [0, 1, 2], std: [1, 2, 3] });
    for (const [flags, message] of [
      [{ activation: 'relu' }, `--activation relu contradicts ${path}, which was trained with --activation tanh; leave --activation out`],
      [{ output: 'softmax' }, `--output softmax contradicts ${path}, which was trained with --output sigmoid; leave --output out`],
      [{ normalize: 'none' }, `--normalize none contradicts ${path}, which was trained with --normalize standard; leave --normalize out`],
    ] as const) {
      const error = refusal(() => loadModel(path, flags));
      expect([error.message, error.exitCode]).toEqual([message, 2]);
    }
  });

  it('a damaged checkpoint is still reported as damaged, not read as weights', () => {
    const path = checkpointAt('damaged.safetensors');
    const file = readSafetensors(path);
    const entry = file.tensors.get('layers.0.bias');
    if (entry === undefined) throw new Error('no layers.0.bias');
    entry.bytes[0] ^= 1;
    writeSafetensors(path, file);
    expect(refusal(() => loadModel(path))).toBeInstanceOf(UserError);
    expect(refusal(() => loadModel(path)).message).toMatch(/checksum mismatch: the tensor data is corrupt/);
  });
});
