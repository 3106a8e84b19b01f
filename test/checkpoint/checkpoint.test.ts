import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, resumeState, saveCheckpoint, snapshotOf, type Snapshot } from '../../src/checkpoint/checkpoint.js';
import { safetensor, valuesOf } from '../../src/checkpoint/safetensors-entry.js';
import { readSafetensors, writeSafetensors, type SafetensorsFile } from '../../src/checkpoint/safetensors.js';
import { UserError } from '../../src/errors.js';
import type { TrainConfig } from '../../src/train/config.js';
import type { LayerState, TrainingState } from '../../src/train/state.js';
import { fcOptions } from '../support/fc.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const freshPath = (): string => join(dir, `c${counter++}.safetensors`);

function config(layers: number[]): TrainConfig {
  return {
    model: { layers, hidden: layers.slice(1, -1), activation: 'relu', output: 'softmax', loss: 'cross-entropy', init: 'he' },
    optim: { optimizer: 'adam', lr: 0.001, momentum: 0.9, nesterov: false, weightDecay: 0, schedule: 'constant', stepSize: 5, gamma: 0.5 },
    data: 'mnist',
    test: undefined,
    testSplit: 0.2,
    stratify: false,
    shuffle: true,
    normalize: 'max',
    delimiter: 'auto',
    header: 'auto',
    target: [],
    ignore: [],
    batchSize: 128,
    epochs: 10,
    seed: 42,
    threads: 2,
    shards: undefined,
  };
}

const parameterCount = (widths: number[]): number => widths.slice(1).reduce((sum, out, i) => sum + out * widths[i] + out, 0);

const arbSnapshot: fc.Arbitrary<Snapshot> = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 })
  .chain((widths) => {
    const n = parameterCount(widths);
    const layer = (i: number) =>
      fc.record({
        weight: fc.float32Array({ minLength: widths[i + 1] * widths[i], maxLength: widths[i + 1] * widths[i], noNaN: true, noDefaultInfinity: true }),
        bias: fc.float32Array({ minLength: widths[i + 1], maxLength: widths[i + 1], noNaN: true, noDefaultInfinity: true }),
        outputs: fc.constant(widths[i + 1]),
        inputs: fc.constant(widths[i]),
      });
    // A generator's state is never all zeros.
    const state = fc
      .tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }))
      .filter((words) => words.some((word) => word !== 0));
    const outputs = widths[widths.length - 1];
    const schema = fc.record({
      classes: fc.uniqueArray(fc.string(), { minLength: outputs, maxLength: outputs }),
      table: fc.constantFrom(null, { columns: widths[0] + 2, target: [0], ignore: [widths[0] + 1], names: null }),
    });
    return fc.record({
      config: fc.constant(config(widths)),
      schema,
      normalization: fc.constantFrom<unknown>({ kind: 'none' }, { kind: 'max', scale: 255 }, { kind: 'standard', mean: [0.5], std: [2] }),
      layers: fc.tuple(...widths.slice(1).map((_, i) => layer(i))),
      optimizer: fc.record({
        buffers: fc.dictionary(fc.constantFrom('m', 'v', 'velocity'), fc.float32Array({ minLength: n, maxLength: n, noNaN: true, noDefaultInfinity: true })),
        scalars: fc.dictionary(fc.constantFrom('t', 'beta1Power'), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0))),
      }),
      rng: fc.dictionary(fc.constantFrom('shuffle', 'init'), state),
      epoch: fc.nat(100),
      step: fc.nat(1000),
    });
  });

const sameBits = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** The documented checksum, computed independently: SHA-256 of the tensors' bytes in ascending name order. */
function documentedChecksum(file: SafetensorsFile): string {
  const hash = createHash('sha256');
  for (const name of [...file.tensors.keys()].sort()) hash.update(file.tensors.get(name)!.bytes);
  return hash.digest('hex');
}

/**
 * The documented metadata checksum, computed independently: SHA-256 of the JSON text of [the other
 * metadata entries as [key, value], the tensors as [name, dtype, shape]], each in ascending order.
 */
function documentedMetadataChecksum(file: SafetensorsFile): string {
  const entries = Object.keys(file.metadata)
    .filter((key) => key !== 'metadata_sha256')
    .sort()
    .map((key) => [key, file.metadata[key]]);
  const tensors = [...file.tensors.keys()].sort().map((name) => [name, file.tensors.get(name)!.dtype, file.tensors.get(name)!.shape]);
  return createHash('sha256').update(JSON.stringify([entries, tensors])).digest('hex');
}

/** A checkpoint saved from a fixed snapshot at a fresh path. */
function savedCheckpoint(): string {
  const path = freshPath();
  saveCheckpoint(path, fc.sample(arbSnapshot.filter((s) => s.layers[0].outputs !== s.layers[0].inputs && 'm' in s.optimizer.buffers), { numRuns: 1, seed: 7 })[0]);
  return path;
}

/** A saved checkpoint changed by `edit`, both checksums recomputed so that only the edit is wrong. */
function edited(edit: (file: SafetensorsFile) => void): string {
  const path = savedCheckpoint();
  const file = readSafetensors(path);
  edit(file);
  file.metadata.checksum_sha256 = documentedChecksum(file);
  file.metadata.metadata_sha256 = documentedMetadataChecksum(file);
  writeSafetensors(path, file);
  return path;
}

/** The checkpoint at `path` written again at a fresh path with `metadata`, both checksums recomputed. */
function resigned(path: string, metadata: Record<string, string>): string {
  const file = readSafetensors(path);
  const { checksum_sha256: _tensors, metadata_sha256: _metadata, ...rest } = metadata;
  const out = { tensors: file.tensors, metadata: rest };
  out.metadata = { ...rest, checksum_sha256: documentedChecksum(out) };
  const target = freshPath();
  writeSafetensors(target, { ...out, metadata: { ...out.metadata, metadata_sha256: documentedMetadataChecksum(out) } });
  return target;
}

function loadError(path: string): string {
  try {
    loadCheckpoint(path);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('loadCheckpoint accepted a bad checkpoint');
}

describe('checkpoint round trip', () => {
  it('loadCheckpoint(saveCheckpoint(s)) gives back s: parameters and optimiser state bit for bit, config, rng, epoch and step', () => {
    fc.assert(
      fc.property(arbSnapshot, (s) => {
        const path = freshPath();
        saveCheckpoint(path, s);
        const back = loadCheckpoint(path);
        expect(back.config).toEqual(s.config);
        expect(back.normalization).toEqual(s.normalization);
        expect(back.schema).toEqual(s.schema);
        expect(back.layers.length).toBe(s.layers.length);
        back.layers.forEach((layer, i) => {
          expect([layer.outputs, layer.inputs]).toEqual([s.layers[i].outputs, s.layers[i].inputs]);
          expect(sameBits(layer.weight, s.layers[i].weight) && sameBits(layer.bias, s.layers[i].bias)).toBe(true);
        });
        expect(Object.keys(back.optimizer.buffers).sort()).toEqual(Object.keys(s.optimizer.buffers).sort());
        for (const [name, flat] of Object.entries(s.optimizer.buffers)) expect(sameBits(back.optimizer.buffers[name], flat)).toBe(true);
        expect(back.optimizer.scalars).toEqual(s.optimizer.scalars);
        expect(back.rng).toEqual(s.rng);
        expect([back.epoch, back.step]).toEqual([s.epoch, s.step]);
        rmSync(path);
      }),
      fcOptions(30),
    );
  });

  it('the file is plain safetensors: F32 layers.{i}.weight [out, in], optimiser buffers split at the parameter offsets', () => {
    fc.assert(
      fc.property(arbSnapshot, (s) => {
        const path = freshPath();
        saveCheckpoint(path, s);
        const file = readSafetensors(path);
        let offset = 0;
        s.layers.forEach((layer, i) => {
          const weight = file.tensors.get(`layers.${i}.weight`)!;
          expect([weight.dtype, ...weight.shape]).toEqual(['F32', layer.outputs, layer.inputs]);
          expect(file.tensors.get(`layers.${i}.bias`)!.shape).toEqual([layer.outputs]);
          for (const [name, flat] of Object.entries(s.optimizer.buffers)) {
            const w = valuesOf(file.tensors.get(`optimizer.${name}.layers.${i}.weight`)!) as Float32Array;
            const b = valuesOf(file.tensors.get(`optimizer.${name}.layers.${i}.bias`)!) as Float32Array;
            expect(sameBits(w, flat.subarray(offset, offset + w.length))).toBe(true);
            expect(sameBits(b, flat.subarray(offset + w.length, offset + w.length + b.length))).toBe(true);
          }
          offset += layer.outputs * layer.inputs + layer.outputs;
        });
        expect(file.metadata.checksum_sha256).toBe(documentedChecksum(file));
        expect(file.metadata.metadata_sha256).toBe(documentedMetadataChecksum(file));
        expect(JSON.parse(file.metadata.model)).toEqual(s.config.model);
        expect([file.metadata.format, file.metadata.format_version]).toEqual(['einprop-checkpoint', '2']);
        rmSync(path);
      }),
      fcOptions(20),
    );
  });
});

describe('loadCheckpoint rejects damaged checkpoints, naming the file and what is wrong', () => {
  it('a flipped byte in the tensor data fails the checksum, naming the file', () => {
    fc.assert(
      fc.property(arbSnapshot, fc.nat(), fc.integer({ min: 1, max: 255 }), (s, at, mask) => {
        const path = freshPath();
        saveCheckpoint(path, s);
        const bytes = readFileSync(path);
        const dataStart = 8 + Number(bytes.readBigUInt64LE(0));
        fc.pre(dataStart < bytes.length);
        bytes[dataStart + (at % (bytes.length - dataStart))] ^= mask;
        writeFileSync(path, bytes);
        expect(loadError(path)).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: checksum mismatch`));
      }),
      fcOptions(30),
    );
  });

  it('a truncated checkpoint fails naming the file', () => {
    const path = edited(() => {});
    writeFileSync(path, readFileSync(path).subarray(0, -1));
    expect(loadError(path)).toMatch(`${path}: `);
  });

  it('a tensor of the wrong shape is named', () => {
    const path = edited((file) => {
      const weight = file.tensors.get('layers.0.weight')!;
      weight.shape = [weight.shape[1], weight.shape[0]];
    });
    expect(loadError(path)).toMatch(/: tensor "layers\.0\.weight" has shape \[(\d+), (\d+)\] but the model needs \[\d+, \d+\]$/);
  });

  it('a missing optimiser tensor is named', () => {
    const path = edited((file) => file.tensors.delete('optimizer.m.layers.0.bias'));
    expect(loadError(path)).toBe(`${path}: tensor "optimizer.m.layers.0.bias" is missing`);
  });

  it('a tensor of another dtype is named', () => {
    const path = edited((file) => {
      const bias = file.tensors.get('layers.0.bias')!;
      file.tensors.set('layers.0.bias', { ...bias, dtype: 'I32' });
    });
    expect(loadError(path)).toBe(`${path}: tensor "layers.0.bias" is I32, not F32`);
  });

  it('an extra tensor is named', () => {
    const path = edited((file) => file.tensors.set('layers.9.weight', safetensor('F32', [1], new Float32Array(1))));
    expect(loadError(path)).toMatch(/tensor "layers\.9\.weight" is not part of a \d+-layer model/);
  });

  it('a safetensors file that is not a checkpoint, a newer format, and bad metadata are each reported', () => {
    const plain = freshPath();
    writeSafetensors(plain, { tensors: new Map(), metadata: {} });
    expect(loadError(plain)).toBe(`${plain}: not an einprop checkpoint (its metadata has no "format": "einprop-checkpoint")`);
    expect(loadError(edited((file) => (file.metadata.format_version = '4')))).toMatch(/checkpoint format 4 is not 3, 2 or 1/);
    expect(loadError(edited((file) => (file.metadata.rng = '{"shuffle":[1,2,3]}')))).toMatch(/metadata "rng" state "shuffle" is not four unsigned 32-bit integers/);
    expect(loadError(edited((file) => (file.metadata.epoch = '-1')))).toMatch(/metadata "epoch" is not a non-negative integer/);
    expect(loadError(edited((file) => (file.metadata.training = '{"optim":{}}')))).toMatch(/metadata "training": "optim\.optimizer" is not one of sgd, momentum, adam/);
    expect(loadError(edited((file) => (file.metadata.model = '{')))).toMatch(/metadata "model" is not valid JSON/);
    expect(loadError(edited((file) => (file.metadata.rng = '{"shuffle":[0,0,0,0]}')))).toMatch(/metadata "rng" state "shuffle" is all zeros/);
  });

  it('metadata edited after the save (a number in the config, the epoch) fails the metadata checksum, naming the file', () => {
    for (const [key, edit] of [
      ['training', (text: string) => text.replace('"testSplit":', '"testSplit":0.5,"was":')],
      ['epoch', (text: string) => String(Number(text) + 1)],
    ] as const) {
      const path = savedCheckpoint();
      const file = readSafetensors(path);
      file.metadata[key] = edit(file.metadata[key]);
      writeSafetensors(path, file);
      expect(loadError(path)).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: the metadata was changed after einprop wrote it \\(metadata_sha256 mismatch: SHA-256 [0-9a-f]{64}, recorded [0-9a-f]{64}\\)$`));
    }
  });

  it('a missing checksum is reported as missing, not as corruption', () => {
    for (const key of ['checksum_sha256', 'metadata_sha256']) {
      const path = savedCheckpoint();
      const file = readSafetensors(path);
      delete file.metadata[key];
      writeSafetensors(path, file);
      expect(loadError(path)).toBe(`${path}: metadata "${key}" is missing, which every checkpoint einprop writes has: was the file written or edited by something else?`);
    }
  });

  it('a checkpoint of format 1 (no metadata checksum) loads as it was, with one warning that its metadata is unchecked', () => {
    const path = savedCheckpoint();
    const current = loadCheckpoint(path, () => {
      throw new Error('no warning expected');
    });
    const file = readSafetensors(path);
    delete file.metadata.metadata_sha256;
    file.metadata.format_version = '1';
    writeSafetensors(path, file);
    const warnings: string[] = [];
    expect(loadCheckpoint(path, (line) => warnings.push(line))).toEqual(current);
    expect(warnings).toEqual([`${path} was written by an older einprop (checkpoint format 1): its metadata is not covered by a checksum; saving it again adds one`]);
    // A metadata checksum is still checked where there is one, whatever the version says.
    file.metadata.metadata_sha256 = documentedMetadataChecksum(file);
    file.metadata.epoch = '99';
    writeSafetensors(path, file);
    expect(loadError(path)).toMatch(/the metadata was changed after einprop wrote it/);
  });

  it("a NaN or ±Inf in a layer's tensor is named with its element, even under a matching checksum", () => {
    for (const [name, value] of [
      ['layers.0.weight', Number.NaN],
      ['layers.0.bias', Number.POSITIVE_INFINITY],
    ] as const) {
      const path = edited((file) => {
        const entry = file.tensors.get(name)!;
        const values = (valuesOf(entry) as Float32Array).slice();
        values[values.length - 1] = value;
        file.tensors.set(name, safetensor('F32', entry.shape, values));
      });
      expect(loadError(path)).toMatch(new RegExp(`tensor "${name.replace(/\./g, '\\.')}" holds ${value} at element \\d+; a model's values must be finite`));
    }
  });

  it("an optimiser buffer's Inf loads (the weights stay usable); resuming from it is refused by the trainer", () => {
    const path = edited((file) => {
      const entry = file.tensors.get('optimizer.m.layers.0.weight')!;
      const values = (valuesOf(entry) as Float32Array).slice();
      values[0] = Number.POSITIVE_INFINITY;
      file.tensors.set('optimizer.m.layers.0.weight', safetensor('F32', entry.shape, values));
    });
    expect(loadCheckpoint(path).optimizer.buffers.m[0]).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('saveCheckpoint and widths left to the data', () => {
  it('a config with empty layers is saved with the widths of the layers', () => {
    const s = fc.sample(arbSnapshot, { numRuns: 1, seed: 11 })[0];
    const path = freshPath();
    saveCheckpoint(path, { ...s, config: { ...s.config, model: { ...s.config.model, layers: [] } } });
    expect(loadCheckpoint(path).config.model.layers).toEqual(s.config.model.layers);
  });
});

describe('saveCheckpoint refuses inconsistent snapshots (a bug in the caller)', () => {
  it('an optimiser buffer of the wrong length, or layers that disagree with the model', () => {
    const s = fc.sample(arbSnapshot, { numRuns: 1, seed: 3 })[0];
    expect(() => saveCheckpoint(freshPath(), { ...s, optimizer: { buffers: { m: new Float32Array(1_000) }, scalars: {} } })).toThrow(RangeError);
    expect(() => saveCheckpoint(freshPath(), { ...s, layers: s.layers.slice(1) })).toThrow(RangeError);
  });

  it('a NaN in a layer or an optimiser buffer', () => {
    const s = fc.sample(arbSnapshot, { numRuns: 1, seed: 3 })[0];
    const poisoned = (values: Float32Array): Float32Array => Float32Array.from(values, (v, i) => (i === 0 ? Number.NaN : v));
    const layers = s.layers.map((layer, i) => (i === 0 ? { ...layer, bias: poisoned(layer.bias) } : layer));
    expect(() => saveCheckpoint(freshPath(), { ...s, layers })).toThrow(/layers\.0\.bias holds NaN at element 0/);
    const buffers = { velocity: poisoned(new Float32Array(parameterCount(s.config.model.layers))) };
    expect(() => saveCheckpoint(freshPath(), { ...s, optimizer: { buffers, scalars: {} } })).toThrow(/optimizer buffer "velocity" holds NaN/);
  });
});

describe('checkpoints of regression models, class weights and early stopping (format 3)', () => {
  const layer = (value: number): LayerState => ({ weight: Float32Array.of(value, value + 1), bias: Float32Array.of(value / 2), outputs: 1, inputs: 2 });
  const state = (overrides: Partial<TrainingState>): TrainingState => ({
    config: { ...config([2, 1]), task: 'regression', normalizeTarget: 'standard', validationSplit: 0.2, patience: 3 },
    normalization: { kind: 'none' },
    targetScaling: { mean: [151.5], std: [77.25] },
    classWeights: null,
    schema: { classes: [], table: null },
    layers: [layer(1)],
    optimizer: { buffers: {}, scalars: {} },
    rng: { shuffle: [1, 2, 3, 4] },
    epoch: 7,
    step: 2,
    ...overrides,
  });

  it('saved and resumed, a state comes back whole: its current layers, the best epoch\'s, its record, scaling and weights', () => {
    const path = freshPath();
    const saved = state({ earlyStopping: { bestEpoch: 4, bestLoss: 0.123456789012345, epochsSinceBest: 3, best: [layer(9)] } });
    saveCheckpoint(path, snapshotOf(saved));
    const file = readSafetensors(path);
    expect(file.metadata.format_version).toBe('3');
    expect(file.metadata.classes).toBeUndefined();
    expect(JSON.parse(file.metadata.early_stopping)).toEqual({ best_epoch: 4, best_loss: 0.123456789012345, epochs_since_best: 3 });
    // A safetensors reader that takes layers.* gets the best epoch's model.
    const values = (name: string): number[] => {
      const entry = file.tensors.get(name);
      const array = entry === undefined ? undefined : valuesOf(entry);
      return array instanceof Float32Array ? Array.from(array) : [];
    };
    expect(values('layers.0.weight')).toEqual([9, 10]);
    expect(values('current.layers.0.weight')).toEqual([1, 2]);
    const snapshot = loadCheckpoint(path);
    expect(snapshot.targetScaling).toEqual({ mean: [151.5], std: [77.25] });
    expect(snapshot.schema.classes).toEqual([]);
    const back = resumeState(snapshot, snapshot.config, path);
    expect(back.layers[0].weight).toEqual(saved.layers[0].weight);
    expect(back.earlyStopping).toEqual(saved.earlyStopping);
    expect([back.epoch, back.step, back.config.patience]).toEqual([7, 2, 3]);
  });

  it('before any epoch improved there are no current.* tensors; a classifier without these fields stays format 2', () => {
    const path = freshPath();
    saveCheckpoint(path, snapshotOf(state({ earlyStopping: { bestEpoch: 0, bestLoss: null, epochsSinceBest: 0, best: null } })));
    expect([...readSafetensors(path).tensors.keys()].some((name) => name.startsWith('current.'))).toBe(false);
    expect(resumeState(loadCheckpoint(path), config([2, 1]), path).earlyStopping).toEqual({ bestEpoch: 0, bestLoss: null, epochsSinceBest: 0, best: null });
    const plain = freshPath();
    saveCheckpoint(plain, snapshotOf(state({ config: config([2, 1]), targetScaling: null, schema: { classes: ['0'], table: null } })));
    expect(readSafetensors(plain).metadata.format_version).toBe('2');
    const weighted = freshPath();
    saveCheckpoint(weighted, snapshotOf(state({ config: config([2, 1]), targetScaling: null, classWeights: [0.5], schema: { classes: ['a'], table: null } })));
    expect(loadCheckpoint(weighted).classWeights).toEqual([0.5]);
    expect(readSafetensors(weighted).metadata.format_version).toBe('3');
  });

  it('a regression checkpoint without its target scaling, or with class labels, and a broken early-stopping record, are refused', () => {
    const path = freshPath();
    saveCheckpoint(path, snapshotOf(state({})));
    const { target_scaling: _scaling, ...withoutScaling } = readSafetensors(path).metadata;
    expect(loadError(resigned(path, withoutScaling))).toMatch(/metadata "target_scaling" is missing/);
    expect(loadError(resigned(path, { ...readSafetensors(path).metadata, classes: '["a"]' }))).toMatch(/metadata "classes" names classes, but the model is a regression model/);
    expect(loadError(resigned(path, { ...readSafetensors(path).metadata, early_stopping: '{"best_epoch":2,"best_loss":null,"epochs_since_best":0}' }))).toMatch(/metadata "early_stopping" is not/);
  });
});

