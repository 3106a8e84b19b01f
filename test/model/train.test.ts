// Tests of train() from code: arrays as data with every other setting at its default, its Model and history, progress and control, and a process that ends by itself.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { decodeSafetensors } from '../../src/checkpoint/safetensors.js';
import { formatCsv } from '../../src/data/csv.js';
import { syntheticDigits } from '../../src/data/synthetic-digits.js';
import { loadModel } from '../../src/model/load-model.js';
import { Model } from '../../src/model/model.js';
import { train } from '../../src/model/train.js';
import { packageRoot } from '../../src/paths.js';
import { Random } from '../../src/tensor/random.js';
import type { TrainSettings } from '../../src/train/settings.js';
import type { Label } from '../../src/data/array-dataset.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-model-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `count` rows of 4 features in three species (text labels), each species' features around its own centre. */
function species(count: number, seed = 3): { features: number[][]; targets: string[] } {
  const names = ['setosa', 'versicolor', 'virginica'];
  const random = Random.stream(seed, 'species');
  const features: number[][] = [];
  const targets: string[] = [];
  for (let r = 0; r < count; r++) {
    const c = r % 3;
    features.push([1 + c, 3 - c / 2, 1.5 + 2 * c, 0.3 + c].map((centre) => Math.fround(centre + 0.3 * random.nextNormal())));
    targets.push(names[c]);
  }
  return { features, targets };
}

const bytes = (values: Float32Array): Buffer => Buffer.from(values.buffer, values.byteOffset, values.byteLength);
const iris = species(150);

describe('train() on arrays', () => {
  it('with only the data given, trains at the defaults and resolves with a model that predicts the original labels, and one history record per epoch', async () => {
    const { model, history, test_accuracy, epochs, layers } = await train({ data: iris, threads: 1 });
    expect(epochs).toBe(20);
    expect(layers).toEqual([4, 256, 128, 3]);
    expect(history.map((h) => h.epoch)).toEqual(Array.from({ length: 20 }, (_, e) => e + 1));
    expect(history[19].test_accuracy).toBe(test_accuracy);
    expect(test_accuracy).toBeGreaterThan(0.9);
    expect(model).toBeInstanceOf(Model);
    expectTypeOf(model.predict(iris.features)).toEqualTypeOf<Label[]>();
    expect(model.spec).toEqual({ task: 'classification', widths: [4, 256, 128, 3], activation: 'relu', output: 'softmax', loss: 'cross-entropy', classes: ['setosa', 'versicolor', 'virginica'], normalization: 'standard' });
    const predicted = model.predict(iris.features);
    const figures = model.evaluate(iris);
    expectTypeOf(figures.accuracy).toEqualTypeOf<number>();
    expect(figures.correct).toBe(predicted.filter((label, r) => label === iris.targets[r]).length);
    expect(figures.accuracy).toBeGreaterThan(0.9);
  });

  it('rows as a Float64Array with their shape train the same bits as rows of arrays, and as the same rows written to a CSV file', async () => {
    const digits = syntheticDigits(300, 4);
    const rows = Array.from({ length: digits.count }, (_, r) => Array.from(digits.features.subarray(r * 64, (r + 1) * 64)));
    const labels = Array.from(digits.labels);
    const settings = { epochs: 2, threads: 1, model: { hidden: [16] } };
    const fromRows = await train({ ...settings, data: { features: rows, targets: labels } });
    const fromTyped = await train({ ...settings, data: { features: Float64Array.from(digits.features), shape: [digits.count, 64], targets: Int32Array.from(labels) } });
    const csv = join(dir, 'digits.csv');
    writeFileSync(csv, formatCsv(digits));
    const fromFile = await train({ ...settings, data: csv });
    expect(bytes(fromTyped.parameters).equals(bytes(fromRows.parameters))).toBe(true);
    expect(bytes(fromFile.parameters).equals(bytes(fromRows.parameters))).toBe(true);
    expect(fromFile.test_accuracy).toBe(fromRows.test_accuracy);
  });

  it('a test set given as arrays is scored as the model scores it', async () => {
    const test = species(60, 9);
    const { model, test_accuracy, test_samples, train_samples } = await train({ data: iris, test, epochs: 3, threads: 1 });
    expect([train_samples, test_samples]).toEqual([150, 60]);
    expect(model.evaluate(test).accuracy).toBe(test_accuracy);
  });

  it('two models trained at once each get the bits they get alone', async () => {
    const a = { data: iris, epochs: 3, threads: 2, seed: 1 };
    const b = { data: species(90, 5), epochs: 4, threads: 1, seed: 2, model: { hidden: [8, 8] } };
    const [both1, both2] = await Promise.all([train(a), train(b)]);
    const alone1 = await train(a);
    const alone2 = await train(b);
    expect(bytes(both1.parameters).equals(bytes(alone1.parameters))).toBe(true);
    expect(bytes(both2.parameters).equals(bytes(alone2.parameters))).toBe(true);
  });

  it('onEpoch and onStep report progress, an abort stops the run at the next step with its model so far, and its state resumes to the uninterrupted bits', async () => {
    const settings = { data: iris, epochs: 3, batchSize: 16, threads: 1 };
    const controller = new AbortController();
    const epochs: number[] = [];
    let steps = 0;
    const stopped = await train(settings, {
      signal: controller.signal,
      logEvery: 1,
      onStep: () => steps++,
      onEpoch: (progress) => {
        epochs.push(progress.epoch);
        if (progress.epoch === 1) controller.abort();
      },
    });
    expect(stopped.interrupted).toBe(true);
    expect(epochs).toEqual([1]);
    expect(stopped.history).toHaveLength(1);
    expect(steps).toBe(stopped.steps);
    expect(stopped.model.predict(iris.features)).toHaveLength(150);
    expect(stopped.model.state).toBe(stopped.state);
    const resumed = await train(settings, { resume: stopped.state });
    const straight = await train(settings);
    expect(bytes(resumed.parameters).equals(bytes(straight.parameters))).toBe(true);
  });

  it('a validation set given as arrays is scored every epoch: each history record carries its figures, and patience keeps the best epoch\'s model, which predicts and saves', async () => {
    const validation = species(45, 11);
    const { model, history, best_epoch, parameters, validation_samples } = await train({ data: iris, validation, patience: 2, epochs: 6, threads: 1 });
    expect(validation_samples).toBe(45);
    for (const record of history) {
      expect(record.val_loss).toBeGreaterThan(0);
      expect(record.val_accuracy).toBeGreaterThanOrEqual(0);
    }
    expect(best_epoch).toBe(history.reduce((best, h) => ((h.val_loss ?? Infinity) < (history[best - 1].val_loss ?? Infinity) ? h.epoch : best), 1));
    // The model is the kept (best) epoch's, as the result's parameters and its checkpoint are.
    const kept = model.state?.earlyStopping?.best ?? model.state?.layers ?? [];
    expect(bytes(Float32Array.from(kept.flatMap((layer) => [...layer.weight, ...layer.bias])))).toEqual(bytes(parameters));
    const again = await loadModel(model.toBuffer());
    expect(again.predict(validation.features)).toEqual(model.predict(validation.features));
    const split = await train({ data: iris, validationSplit: 0.2, epochs: 2, threads: 1 });
    expect(split.validation_samples).toBeGreaterThan(0);
    expect(split.history.every((h) => h.val_accuracy !== undefined)).toBe(true);
  });

  it("class weights go into the model's checkpoint (format 3), which opens as the same classifier", async () => {
    const { model } = await train({ data: iris, classWeight: 'balanced', epochs: 1, threads: 1 });
    const bytes = model.toBuffer();
    const { metadata } = decodeSafetensors(bytes, 'bytes');
    expect(metadata.format_version).toBe('3');
    expect(JSON.parse(metadata.class_weights)).toHaveLength(3);
    expect((await loadModel(bytes)).predict(iris.features)).toEqual(model.predict(iris.features));
  });

  it("regression from arrays: numeric targets train a regressor whose predictions are in the targets' units, its history holding RMSE and R², its checkpoint opening as the same regressor", async () => {
    const features: number[][] = [];
    const targets: number[][] = [];
    const random = Random.stream(4, 'values');
    for (let r = 0; r < 240; r++) {
      const x = [2 * random.nextFloat() - 1, 2 * random.nextFloat() - 1];
      features.push(x);
      targets.push([100 + 3 * x[0] - 2 * x[1], -5 + x[0] - 0.5 * x[1]]);
    }
    const { model, history, test_rmse, test_r2, task } = await train({ task: 'regression', data: { features, targets }, validationSplit: 0.2, epochs: 40, threads: 1, model: { hidden: [16] }, optim: { lr: 0.01 } });
    expect(task).toBe('regression');
    expect(model.task).toBe('regression');
    expectTypeOf(model.predict(features)).toEqualTypeOf<number[][]>();
    expect(history.at(-1)?.val_rmse).toBeGreaterThan(0);
    expect(history.at(-1)?.test_rmse).toBe(test_rmse);
    expect(test_r2).toBeGreaterThan(0.8);
    const figures = model.evaluate({ features, targets });
    expectTypeOf(figures.r2).toEqualTypeOf<number>();
    expect(figures.r2).toBeGreaterThan(0.8);
    const [predicted] = model.predict([[0, 0]]);
    expect(Math.abs(predicted[0] - 100)).toBeLessThan(1);
    expect(() => model.predictProba([[0, 0]])).toThrow('model.predictProba: a regression model predicts values, not class probabilities; use predict');
    const opened = await loadModel(model.toBuffer());
    expect(opened.task).toBe('regression');
    expect(opened.predict(features)).toEqual(model.predict(features));
  });

  it('bad settings reject with one UserError naming the field, before any thread starts', async () => {
    await expect(train({ data: iris, optim: { lr: -1 } })).rejects.toThrow('train: config.optim.lr must be a positive number, got -1');
    await expect(train({ data: { features: iris.features, targets: iris.targets.slice(1) } })).rejects.toThrow('config.data.targets holds 149 labels for the 150 rows of config.data.features');
  });

  it('a program that trains, predicts and saves exits by itself: train() leaves no worker or handle behind', () => {
    const script = join(dir, 'program.mjs');
    const out = join(dir, 'program.safetensors');
    const entry = join(packageRoot, 'dist', 'src', 'index.js');
    writeFileSync(
      script,
      [
        `import { train, loadModel } from ${JSON.stringify(entry)};`,
        'const features = Array.from({ length: 60 }, (_, r) => [r % 2, (r % 3) / 2, Math.sin(r)]);',
        "const targets = features.map((row) => (row[0] === 1 ? 'odd' : 'even'));",
        'const { model } = await train({ data: { features, targets }, epochs: 2, threads: 2 });',
        'model.predict(features);',
        `await model.save(${JSON.stringify(out)});`,
        `const back = await loadModel(${JSON.stringify(out)});`,
        "console.log(JSON.stringify(back.predict(features.slice(0, 2))));",
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveLength(2);
  });
});

/** Writes `text` to a file in the temporary folder and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('train() names its settings as its config does, never as flags, in messages about the data and the run', () => {
  const table = file('iris-named.csv', 'a,b,species\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n');
  const sorted = file('sorted.csv', 'a,b,label\n1,2,x\n3,4,x\n5,6,x\n7,8,y\n9,1,z\n');
  const numberedHeader = file('numbered-header.csv', '0,1,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n');
  const typo = file('typo.csv', '1,x,0\n3,4,1\n5,6,0\n');
  const textColumn = file('text-column.csv', 'a,b,species\n1,x,s\n3,y,t\n');
  const numbers = file('numbers.csv', 'x,y,z\n1,2,3\n4,5,6\n7,8,9\n');
  const cases: readonly (readonly [string, TrainSettings, string])[] = [
    ['a target column that is not there', { data: table, target: 'specie' }, `config.target specie: ${table} has no column named "specie" (its first row: a, b, species)`],
    ['a column named in a table without a header', { data: table, header: 'no', target: 'species' }, `config.target/config.ignore name the column "species", but config.header 'no' says ${table} has no header; give its 0-based index`],
    [
      'a header that reads as data',
      { data: numberedHeader },
      `${numberedHeader}:1:3: the first row's target "label" is text, every other row's a number: if the first row is a header, give config.header 'yes' (with config.header 'no' it is data)`,
    ],
    [
      'a first row neither data nor a header',
      { data: typo },
      `${typo}:1:2: value "x" is not a number, but the row's other features and its target are, so it is neither data nor a header (config.header 'yes' if it is one)`,
    ],
    [
      'a feature column of text',
      { data: textColumn },
      `${textColumn}:2:2: column "b" is not numeric (its first value is "x"); every column but the target and the ignored ones is a feature, so name it with config.target b or config.ignore b`,
    ],
    [
      'two targets for a classifier',
      { data: numbers, target: ['y', 'z'] },
      `${numbers}: 2 target columns (y, z); a classifier takes one, named with config.target (several are targets of config.task 'regression')`,
    ],
    [
      'a text target in regression',
      { data: table, task: 'regression' },
      `${table}:2:3: the target "x" is not a number; config.task 'regression' needs numeric targets (is species the target? name it with config.target)`,
    ],
    [
      'a class only in the test rows',
      { data: sorted, shuffle: false, testSplit: 0.2 },
      `class "z" is only in the test rows (${sorted}:6): no training row has it; give config.stratify true to keep each class in both, or a smaller config.testSplit`,
    ],
    [
      'a last layer that does not fit the classes',
      { data: iris, model: { layers: [4, 8, 2] } },
      'the model has 2 outputs, but config.data has 3 classes (setosa, versicolor, virginica); its last layer needs one output per class (its layers are 4,8,2; config.model.hidden sets the widths between and leaves these to the data)',
    ],
    ['regression on images', { data: 'mnist', task: 'regression' }, "mnist: image data has class labels; config.task 'regression' needs a table with numeric target columns"],
  ];

  for (const [what, settings, message] of cases) {
    it(`${what}: the message names config fields`, async () => {
      await expect(train({ threads: 1, ...settings })).rejects.toThrow(message);
    });
  }

  it('a model too large for the shared memory: the advice names config.batchSize, config.shards and config.threads', async () => {
    await expect(train({ data: iris, model: { layers: [4, 300_000_000, 3] }, threads: 1 })).rejects.toThrow(
      /Use narrower layers, fewer classes, a smaller config\.batchSize, fewer config\.shards or config\.threads, or less data$/,
    );
  });

  it("a run that diverges suggests config.normalize 'max'", async () => {
    // Features near 1e21 with no normalisation: each gradient is finite, its square (Adam's v) is not in float32.
    const huge = file('huge.csv', Array.from({ length: 64 }, (_, i) => `${(1 + (i % 7)) * 1e21},${(2 + (i % 5)) * 1e21},${i % 2}`).join('\n'));
    await expect(train({ data: huge, normalize: 'none', model: { layers: [2, 4, 2] }, epochs: 1, threads: 1 })).rejects.toThrow(
      /^training diverged in epoch 1: .*scale the inputs, e\.g\. config\.normalize 'max', or lower the learning rate/,
    );
  });
});
