// How predict and eval read a model's rows: --delimiter and --header over the model's own, in its training table's layout.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveCheckpoint } from '../../src/checkpoint/checkpoint.js';
import { writeSafetensors } from '../../src/checkpoint/safetensors.js';
import { loadModel } from '../../src/cli/model-file.js';
import { flagLookup } from '../../src/cli/options.js';
import { modelTableOptions, readingFlags } from '../../src/cli/reading-flags.js';
import { ReportedError } from '../../src/errors.js';
import { labelLastLayout } from '../../src/data/table-layout.js';
import type { LayerState } from '../../src/train/state.js';
import { smallConfig } from '../support/config.js';
import { weightsOnlyFile } from '../support/weights-files.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-reading-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LAYERS: LayerState[] = [{ weight: Float32Array.of(1, -1, 0.5, 2, 0, -0.25), bias: Float32Array.of(0.125, -0.5), outputs: 2, inputs: 3 }];

describe('readingFlags', () => {
  it('takes --delimiter and --header where given and leaves out the absent ones', () => {
    expect(readingFlags(flagLookup({ delimiter: 'semicolon', header: 'no' }))).toEqual({ delimiter: 'semicolon', header: 'no' });
    expect(readingFlags(flagLookup({}))).toEqual({});
  });

  it('refuses a header mode that is none of auto, yes, no, naming the flag', () => {
    const read = (): unknown => readingFlags(flagLookup({ header: 'maybe' }));
    expect(read).toThrow(ReportedError);
    expect(read).toThrow(/--header/);
  });
});

describe('modelTableOptions', () => {
  it("weights alone are read label last with the reader's defaults, the flags where given", () => {
    const path = join(dir, 'weights.safetensors');
    writeSafetensors(path, weightsOnlyFile(LAYERS, 'F32', { scheme: 'einprop' }));
    const model = loadModel(path);
    expect(modelTableOptions(model, {}, false)).toEqual({ delimiter: undefined, header: undefined, like: { layout: labelLastLayout(3), featureCount: 3, targetNeeded: false } });
    expect(modelTableOptions(model, { delimiter: 'tab' }, true)).toMatchObject({ delimiter: 'tab', like: { targetNeeded: true } });
  });

  it("a checkpoint's rows are read with its delimiter and header unless the flags say otherwise", () => {
    const path = join(dir, 'trained.safetensors');
    const config = smallConfig('data.csv', { delimiter: 'semicolon', header: 'yes', normalize: 'none' });
    saveCheckpoint(path, {
      config: { ...config, model: { ...config.model, layers: [3, 2] } },
      normalization: { kind: 'none' },
      layers: LAYERS,
      optimizer: { buffers: {}, scalars: {} },
      rng: {},
      epoch: 1,
      step: 0,
    });
    const model = loadModel(path);
    expect(modelTableOptions(model, {}, true)).toMatchObject({ delimiter: 'semicolon', header: 'yes', like: { featureCount: 3, targetNeeded: true } });
    expect(modelTableOptions(model, { header: 'no' }, true)).toMatchObject({ delimiter: 'semicolon', header: 'no' });
  });
});
