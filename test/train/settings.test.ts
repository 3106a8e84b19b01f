// Tests of train()'s settings: the command line's defaults exactly, arrays as data, and each wrong field one UserError naming it.

import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { toTrainConfig } from '../../src/cli/options.js';
import type { LoadOptions } from '../../src/data/csv.js';
import type { HiddenActivationName } from '../../src/ops/activations.js';
import type { TrainConfig } from '../../src/train/config.js';
import { defaults } from '../../src/train/defaults.js';
import { type TrainSettings, resolveSettings } from '../../src/train/settings.js';
import { fcOptions } from '../support/fc.js';
import { userErrorOf } from '../support/user-error.js';

/** A value of the wrong type where a field wants `T`, as a program without types may pass it. */
function untyped<T>(value: unknown): T {
  return value as T;
}

const rows = { features: [[0, 1], [1, 0], [1, 1], [0, 0]], targets: ['b', 'a', 'b', 'a'] };
const reading: LoadOptions = {};

describe('resolveSettings', () => {
  it('gives the config the command line gives for the same settings, every other one at its default', () => {
    const choices = fc.record(
      {
        activation: fc.constantFrom<HiddenActivationName>('relu', 'tanh', 'sigmoid', 'leaky-relu', 'identity'),
        optimizer: fc.constantFrom('sgd' as const, 'momentum' as const, 'adam' as const),
        epochs: fc.integer({ min: 1, max: 50 }),
        batchSize: fc.integer({ min: 1, max: 512 }),
        seed: fc.integer({ min: 0, max: 1000 }),
        shuffle: fc.boolean(),
        test: fc.constantFrom(undefined, 'held-out.csv'),
        task: fc.constantFrom('classification' as const, 'regression' as const),
        validationSplit: fc.constantFrom(0, 0.25),
        patience: fc.integer({ min: 1, max: 5 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(choices, (chosen) => {
        const { activation, optimizer, test, task, patience: chosenPatience, ...run } = chosen;
        // Patience watches a validation set: only with one.
        const patience = (run.validationSplit ?? 0) > 0 ? chosenPatience : undefined;
        const flags = {
          data: 'train.csv',
          ...(test === undefined ? {} : { test }),
          ...(activation === undefined ? {} : { activation }),
          ...(optimizer === undefined ? {} : { optimizer }),
          ...(run.epochs === undefined ? {} : { epochs: String(run.epochs) }),
          ...(run.batchSize === undefined ? {} : { 'batch-size': String(run.batchSize) }),
          ...(run.seed === undefined ? {} : { seed: String(run.seed) }),
          ...(run.shuffle === undefined ? {} : { shuffle: run.shuffle }),
          ...(task === undefined ? {} : { task }),
          ...(run.validationSplit === undefined ? {} : { 'validation-split': String(run.validationSplit) }),
          ...(patience === undefined ? {} : { patience: String(patience) }),
        };
        const settings: TrainSettings = {
          data: 'train.csv',
          ...(test === undefined ? {} : { test }),
          ...(activation === undefined ? {} : { model: { activation } }),
          ...(optimizer === undefined ? {} : { optim: { optimizer } }),
          ...(task === undefined ? {} : { task }),
          ...(patience === undefined ? {} : { patience }),
          ...run,
        };
        const config = resolveSettings(settings).config;
        expect(config).toEqual(toTrainConfig(flags));
        // The same keys in the same order: both save the same checkpoint text.
        expect(JSON.stringify(config)).toBe(JSON.stringify(toTrainConfig(flags)));
      }),
      fcOptions(60),
    );
  });

  it('a full TrainConfig is a setting of its own: it comes back as it was', () => {
    const config = toTrainConfig({ data: 'a.csv', layers: '2,8,3', optimizer: 'momentum', nesterov: true, epochs: '3' });
    expectTypeOf<TrainConfig>().toMatchTypeOf<TrainSettings>();
    expect(resolveSettings(config).config).toEqual(config);
  });

  it('arrays stand for the data and the test set under their field names, scaled per column by default, and are read back by its loader', () => {
    const { config, load } = resolveSettings({ data: rows, test: { features: [[2, 2]], targets: ['a'] }, epochs: 2 });
    expect(config).toMatchObject({ data: 'config.data', test: 'config.test', testSplit: 0, normalize: 'standard', epochs: 2, batchSize: defaults.batchSize });
    expect(load('config.data', reading)).toMatchObject({ count: 4, featureCount: 2, classes: ['a', 'b'], labels: Int32Array.of(1, 0, 1, 0), source: 'config.data' });
    expect(load('config.test', { classes: ['a', 'b'] })).toMatchObject({ task: 'classification', labels: Int32Array.of(0) });
    expect(userErrorOf(() => load('config.test', { classes: ['b'], classesAre: 'the training classes' }))).toBe('config.test.targets[0]: class "a" is not one of the training classes ("b")');
  });

  it("in regression the output and loss default to the regression ones, and numeric arrays read as targets of the width their rows have", () => {
    const values = { features: [[0, 1], [1, 0], [1, 1], [0, 0]], targets: [[1, 10], [2, 20], [3, 30], [4, 40]] };
    const { config, load } = resolveSettings({ task: 'regression', data: values, validation: { features: [[2, 2]], targets: [[5, 50]] } });
    expect(config).toMatchObject({ task: 'regression', normalizeTarget: 'standard', validation: 'config.validation', validationSplit: 0, model: { output: defaults.regressionOutput, loss: defaults.regressionLoss } });
    expect(config.classWeight).toBeUndefined();
    expect(load('config.data', { task: 'regression' })).toMatchObject({ task: 'regression', count: 4, targetCount: 2, targets: Float32Array.of(1, 10, 2, 20, 3, 30, 4, 40) });
    expect(load('config.validation', { task: 'regression' })).toMatchObject({ task: 'regression', count: 1, targets: Float32Array.of(5, 50) });
    const single = resolveSettings({ task: 'regression', data: { features: Float32Array.of(1, 2, 3), shape: [3, 1], targets: Float64Array.of(0.5, 1.5, 2.5) } });
    expect(single.load('config.data', {})).toMatchObject({ targetCount: 1, targets: Float32Array.of(0.5, 1.5, 2.5) });
    expect(userErrorOf(() => resolveSettings({ task: 'regression', data: { features: [[1], [2]], targets: [[1, 2], [3]] } }).load('config.data', {}))).toBe(
      'config.data.targets[1] is an array of 1, but config.data.targets[0] has 2',
    );
    expect(userErrorOf(() => resolveSettings({ task: 'regression', data: { features: [[1], [2]], targets: [1, 1e39] } }).load('config.data', {}))).toBe(
      'config.data.targets[1] is too large for float32 (beyond ±3.4e38)',
    );
  });

  it('every setting given comes back in the config, as given', () => {
    const given = { testSplit: 0.3, stratify: true, shuffle: false, normalize: 'minmax', delimiter: 'tab', header: 'yes', target: ['y'], ignore: ['id'], batchSize: 7, epochs: 3, seed: 9, threads: 1, shards: 2, classWeight: 'balanced', validationSplit: 0.1, patience: 2 } as const;
    expect(resolveSettings({ data: 'd.csv', ...given, target: ['y'], ignore: ['id'] }).config).toMatchObject(given);
    expect(resolveSettings({ data: 'd.csv', task: 'regression', normalizeTarget: 'none', validation: 'v.csv' }).config).toMatchObject({ normalizeTarget: 'none', validation: 'v.csv' });
  });

  it('a target or ignored column may be one name or index, or a list mixing both: each becomes the name or index the command line would give', () => {
    expect(resolveSettings({ data: 'd.csv', target: 'species', ignore: 0 }).config).toMatchObject({ target: ['species'], ignore: ['0'] });
    expect(resolveSettings({ data: 'd.csv', target: ['x', 3], ignore: [] }).config).toMatchObject({ target: ['x', '3'], ignore: [] });
    expect(resolveSettings({ data: rows, test: 't.csv', target: 'label' }).config).toMatchObject({ target: ['label'] });
    for (const target of [-1, 1.5, [true], {}, null]) {
      expect(userErrorOf(() => resolveSettings({ data: 'd.csv', target: untyped<TrainSettings['target']>(target) }))).toBe(
        `train: config.target must be a column name or 0-based index, or a list of them, got ${JSON.stringify(target)}`,
      );
    }
  });

  it('the widths given are the model\'s, and its hidden widths theirs', () => {
    expect(resolveSettings({ data: 'd.csv', model: { layers: [4, 9, 7, 3] } }).config.model).toMatchObject({ layers: [4, 9, 7, 3], hidden: [9, 7] });
  });

  it.each<[string, unknown]>([
    ["train: config.data is missing: give the training data ('mnist', a file, or { features, targets })", {}],
    ['train: config must be an object of settings with at least its data, got "mnist"', 'mnist'],
    ['train: config.epoch is not a setting (the settings: data, test, task, model, optim, testSplit, stratify, shuffle, normalize, delimiter, header, target, ignore, batchSize, epochs, seed, threads, shards, normalizeTarget, classWeight, validationSplit, validation, patience)', { data: rows, epoch: 3 }],
    ['train: config.model.width is not a setting (the settings: layers, hidden, activation, output, loss, init, huberDelta)', { data: rows, model: { width: 3 } }],
    ['train: config.optim must be an object of optimiser settings, got an array', { data: rows, optim: [] }],
    ['train: config.target says how to read a table file, but the data given are arrays; leave it out', { data: rows, target: 'y' }],
    ['train: config.header says how to read a table file, but the data given are arrays; leave it out', { data: rows, test: rows, header: 'yes' }],
    ["train: config.data must be 'mnist', a table file, an IDX folder, or { features, targets }: it has no targets", { data: { features: rows.features } }],
    ['train: config.test must be a table file, an IDX folder, or { features, targets }, got 3', { data: rows, test: 3 }],
    ['train: config.testSplit has no effect beside config.test, which is the whole test set; give one or the other', { data: rows, test: rows, testSplit: 0.1 }],
    ['train: config.task must be one of classification, regression, got "ranking"', { data: rows, task: 'ranking' }],
    ['train: config.normalizeTarget scales regression targets, but config.task is classification', { data: rows, normalizeTarget: 'none' }],
    ['train: config.classWeight weighs classes, but config.task is regression', { data: { features: [[1], [2]], targets: [1, 2] }, task: 'regression', classWeight: 'balanced' }],
    ["train: config.model.loss cross-entropy takes class labels only, not numeric targets: with config.task 'regression' use mse, sse, mae, huber", { data: rows, task: 'regression', model: { output: 'softmax', loss: 'cross-entropy' } }],
    ['train: config.validation must be a table file, an IDX folder, or { features, targets }, got 3', { data: rows, validation: 3 }],
    ['train: config.validation and config.validationSplit both ask for a validation set; give one', { data: rows, validation: rows, validationSplit: 0.2 }],
    ['train: config.patience watches the validation loss; give config.validationSplit or config.validation', { data: rows, patience: 2 }],
    ['train: config.model.activation must be one of sigmoid, tanh, relu, leaky-relu, identity, got "softmax"', { data: rows, model: { activation: 'softmax' } }],
    ['train: config.optim.optimizer must be one of sgd, momentum, adam, got "rmsprop"', { data: rows, optim: { optimizer: 'rmsprop' } }],
    ['train: config.optim.lr must be a positive number, got 0', { data: rows, optim: { lr: 0 } }],
    ['train: config.epochs must be a whole number from 1, got "5"', { data: rows, epochs: '5' }],
  ])('%s', (message, settings) => {
    expect(userErrorOf(() => resolveSettings(untyped<TrainSettings>(settings)))).toBe(message);
  });

  it('the types refuse a softmax hidden layer, a setting that does not exist, and data without targets', () => {
    // @ts-expect-error softmax ends a network only
    expectTypeOf<{ data: string; model: { activation: 'softmax' } }>().toMatchTypeOf<TrainSettings>();
    // @ts-expect-error there is no setting "epoch"
    const typo: TrainSettings = { data: 'mnist', epoch: 3 };
    // @ts-expect-error arrays need their targets
    const unlabelled: TrainSettings = { data: { features: [[1]] } };
    expect([typo, unlabelled]).toHaveLength(2);
    expectTypeOf<{ features: number[][]; targets: (string | number)[] }>().toMatchTypeOf<TrainSettings<'classification'>['data']>();
    expectTypeOf<{ features: Float64Array; shape: [number, number]; targets: Int32Array }>().toMatchTypeOf<TrainSettings['data']>();
  });
});
