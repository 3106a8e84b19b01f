// train --init-from: the settings the weights give a run, and the checks that they fit the run's widths and keep a checkpoint's activations.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveCheckpoint } from '../../src/checkpoint/checkpoint.js';
import { type InitialWeights, inheritedFlags, openInitialWeights, startingPoint } from '../../src/cli/initial-weights.js';
import { toTrainConfig } from '../../src/cli/options.js';
import { writeSafetensors } from '../../src/checkpoint/safetensors.js';
import { ReportedError } from '../../src/errors.js';
import type { LayerState } from '../../src/train/state.js';
import { smallConfig } from '../support/config.js';
import { weightsOnlyFile } from '../support/weights-files.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-init-from-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Layers of widths 4-3-2 (all zeros: only their shapes matter here). */
const LAYERS: LayerState[] = [
  { weight: new Float32Array(12), bias: new Float32Array(3), outputs: 3, inputs: 4 },
  { weight: new Float32Array(6), bias: new Float32Array(2), outputs: 2, inputs: 3 },
];

const weightsPath = join(dir, 'weights.safetensors');
writeSafetensors(weightsPath, weightsOnlyFile(LAYERS, 'F32', { scheme: 'sequential', indices: [0, 2] }));
const weights = openInitialWeights(weightsPath);

const checkpointPath = join(dir, 'checkpoint.safetensors');
const trained = smallConfig('data.csv', { normalize: 'standard' });
saveCheckpoint(checkpointPath, {
  config: { ...trained, model: { ...trained.model, layers: [4, 3, 2], activation: 'tanh', output: 'sigmoid', loss: 'mse' } },
  normalization: { kind: 'standard', mean: [0, 0, 0, 0], std: [1, 2, 3, 4] },
  layers: LAYERS,
  optimizer: { buffers: {}, scalars: {} },
  rng: {},
  epoch: 3,
  step: 0,
});
const checkpoint = openInitialWeights(checkpointPath);

/** The starting point of a run with these flags from `initial`, and the warnings it gave. */
function start(argv: Record<string, unknown>, initial: InitialWeights): { point: ReturnType<typeof startingPoint>; warnings: string[] } {
  const warnings: string[] = [];
  const config = toTrainConfig(argv, undefined, inheritedFlags(initial));
  return { point: startingPoint(argv, config, initial, (line) => warnings.push(line)), warnings };
}

/** The usage error a run with these flags from `initial` is refused with. */
function refusal(argv: Record<string, unknown>, initial: InitialWeights): string {
  try {
    start(argv, initial);
  } catch (error) {
    if (error instanceof ReportedError && error.exitCode === 2) return error.message;
    throw error;
  }
  throw new Error('the run was accepted');
}

describe('train --init-from', () => {
  it("weights alone give the run their widths and no normalisation; a checkpoint also its activation, output, loss and normalisation", () => {
    expect(toTrainConfig({}, undefined, inheritedFlags(weights))).toMatchObject({ model: { layers: [4, 3, 2], activation: 'relu', output: 'softmax' }, normalize: 'none' });
    expect(toTrainConfig({ lr: '0.5' }, undefined, inheritedFlags(checkpoint))).toMatchObject({
      model: { layers: [4, 3, 2], activation: 'tanh', output: 'sigmoid', loss: 'mse' },
      normalize: 'standard',
      optim: { lr: 0.5, optimizer: 'adam' },
      data: 'mnist',
    });
  });

  it("a checkpoint's normalisation is reused when the run keeps its kind; another kind, or one asked of weights alone, is fitted anew with a warning", () => {
    expect(start({}, checkpoint)).toEqual({ point: { layers: checkpoint.layers, normalization: { kind: 'standard', mean: [0, 0, 0, 0], std: [1, 2, 3, 4] } }, warnings: [] });
    expect(start({ normalize: 'max' }, checkpoint)).toEqual({
      point: { layers: checkpoint.layers },
      warnings: [`the weights of ${checkpointPath} were fitted with --normalize standard; --normalize max is fitted to the new training data`],
    });
    expect(start({}, weights)).toEqual({ point: { layers: weights.layers }, warnings: [] });
    expect(start({ normalize: 'standard' }, weights).warnings).toEqual([`the weights of ${weightsPath} were fitted without normalisation; --normalize standard is fitted to the new training data`]);
  });

  it('--layers that the weights do not fit exit 2, naming the tensor and both shapes', () => {
    expect(refusal({ layers: '4,5,2' }, weights)).toBe(`--layers 4,5,2 needs [5, 4] for layer 1, but tensor "0.weight" of ${weightsPath} is [3, 4]`);
    expect(refusal({ layers: '4,3,2,2' }, weights)).toBe(`--layers 4,3,2,2 needs layer 3 as [2, 2], but ${weightsPath} holds 2 layers, the last "2.weight"`);
    expect(refusal({ layers: '4,3' }, checkpoint)).toBe(`--layers 4,3 has 1 layer, but ${checkpointPath} holds more: tensor "layers.1.weight" [2, 3] has no place`);
    expect(start({ layers: '4,3,2' }, weights).point.layers).toBe(weights.layers);
  });

  it("flags that contradict a checkpoint's activation or output exit 2 naming both; weights alone take any", () => {
    expect(refusal({ activation: 'relu' }, checkpoint)).toBe(`--activation relu contradicts ${checkpointPath}, which was trained with --activation tanh; leave --activation out`);
    expect(refusal({ output: 'softmax', loss: 'cross-entropy' }, checkpoint)).toBe(`--output softmax contradicts ${checkpointPath}, which was trained with --output sigmoid; leave --output out`);
    expect(start({ activation: 'tanh', output: 'sigmoid', loss: 'mse' }, weights).point.layers).toBe(weights.layers);
  });
});
