import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { MAX_THREADS } from '../../src/parallel/index.js';
import { checkTrainConfig } from '../../src/train/check-config.js';
import type { TrainConfig } from '../../src/train/config.js';
import { train } from '../../src/train/trainer.js';
import { smallConfig } from '../support/config.js';

const good = smallConfig('mnist');

/** A value of the wrong type where a field wants `T`, as a program without types may pass it. */
function untyped<T>(value: unknown): T {
  return value as T;
}

describe('checkTrainConfig: a config no run can use is a UserError naming its field', () => {
  it('passes the defaults a run uses', () => {
    expect(() => checkTrainConfig(good)).not.toThrow();
    expect(() => checkTrainConfig({ ...good, model: { ...good.model, layers: [] }, shards: good.batchSize, threads: MAX_THREADS })).not.toThrow();
  });

  it.each<[string, Partial<TrainConfig>]>([
    ['config.threads must be a whole number from 1 to 256, got 0', { threads: 0 }],
    ['config.threads must be a whole number from 1 to 256, got 2.5', { threads: 2.5 }],
    ['config.batchSize must be a whole number from 1, got 0', { batchSize: 0 }],
    ['config.epochs must be a whole number from 1, got -1', { epochs: -1 }],
    ['config.shards must be a whole number from 1 to 32, got 0', { shards: 0 }],
    ['config.shards must be a whole number from 1 to 32, got 33', { shards: 33 }],
    ['config.seed must be an integer from 0 to 4294967295, got -1', { seed: -1 }],
    ['config.testSplit must be in [0, 1), got NaN', { testSplit: Number.NaN }],
    ['config.model.layers must be empty (widths from the data) or two or more positive integers, got [64]', { model: { ...good.model, layers: [64] } }],
    ['config.model.activation must be one of sigmoid, tanh, relu, leaky-relu, identity, got "gelu"', { model: { ...good.model, activation: 'gelu' as 'relu' } }],
    ['config.model.init must be one of he, xavier, uniform-fanout, got "foo"', { model: { ...good.model, init: 'foo' as 'he' } }],
    ['config.optim.optimizer must be one of sgd, momentum, adam, got "rmsprop"', { optim: { ...good.optim, optimizer: 'rmsprop' as 'adam' } }],
    ['config.normalize must be one of auto, standard, minmax, max, none, got "zscore"', { normalize: 'zscore' as 'max' }],
    ['config.delimiter must be one of auto, comma, semicolon, tab, whitespace, pipe, got "colon"', { delimiter: 'colon' as 'comma' }],
    ["config.model.loss mae compares numeric targets and takes no class labels: use it with config.task 'regression'", { model: { ...good.model, output: 'identity', loss: 'mae' } }],
    ["config.model.loss cross-entropy takes class labels only, not numeric targets: with config.task 'regression' use mse, sse, mae, huber", { task: 'regression' }],
    ['config.task must be one of classification, regression, got "ranking"', { task: 'ranking' as 'regression' }],
    ["config.stratify keeps each class's share, but config.task is regression", { task: 'regression', stratify: true, model: { ...good.model, output: 'identity', loss: 'mse' } }],
    ['config.classWeight weighs classes, but config.task is regression', { task: 'regression', classWeight: 'balanced', model: { ...good.model, output: 'identity', loss: 'mse' } }],
    ['config.normalizeTarget scales regression targets, but config.task is classification', { normalizeTarget: 'none' }],
    ['config.validationSplit must be in [0, 1), got 1', { validationSplit: 1 }],
    ['config.validation and config.validationSplit both ask for a validation set; give one', { validation: 'v.csv', validationSplit: 0.1 }],
    ['config.patience must be a whole number from 1, got 0', { patience: 0, validationSplit: 0.1 }],
    ['config.patience watches the validation loss; give config.validationSplit or config.validation', { patience: 3 }],
    ['config.model.loss cross-entropy is softmax cross-entropy and needs config.model.output softmax (got config.model.output sigmoid)', { model: { ...good.model, output: 'sigmoid' } }],
    ['config.model.hidden must be a list of positive integers (the hidden widths), got [16, 0]', { model: { ...good.model, hidden: [16, 0] } }],
    ['config.optim.lr must be a positive number, got -1', { optim: { ...good.optim, lr: -1 } }],
    ['config.optim.lr must be a positive number, got "0.1"', { optim: { ...good.optim, lr: untyped<number>('0.1') } }],
    ['config.optim.momentum must be in [0, 1), got 1', { optim: { ...good.optim, momentum: 1 } }],
    ['config.optim.weightDecay must be a number ≥ 0, got -0.5', { optim: { ...good.optim, weightDecay: -0.5 } }],
    ['config.optim.stepSize must be a whole number from 1, got 1.5', { optim: { ...good.optim, stepSize: 1.5 } }],
    ['config.optim.gamma must be a positive number, got 0', { optim: { ...good.optim, gamma: 0 } }],
    ['config.optim.nesterov must be true or false, got "yes"', { optim: { ...good.optim, nesterov: untyped<boolean>('yes') } }],
    ['config.shuffle must be true or false, got 1', { shuffle: untyped<boolean>(1) }],
    ['config.target must be a list of column names or indices (strings), got [3]', { target: untyped<string[]>([3]) }],
    ['config.data must be \'mnist\', a table file or an IDX folder, got {"rows":[]}', { data: untyped<string>({ rows: [] }) }],
  ])('%s', (message, change) => {
    expect(() => checkTrainConfig({ ...good, ...change })).toThrow(UserError);
    expect(() => checkTrainConfig({ ...good, ...change })).toThrow(`train: ${message}`);
  });

  it('train checks before it loads anything or starts a thread', async () => {
    await expect(train({ ...good, threads: 0 })).rejects.toThrow('train: config.threads must be a whole number from 1 to 256, got 0');
  });

  it('train refuses a steps-per-epoch option that is not a positive integer', async () => {
    for (const steps of [0, -3, Number.NaN]) await expect(train(good, { stepsPerEpoch: steps })).rejects.toThrow('train: options.stepsPerEpoch must be a positive integer');
  });
});
