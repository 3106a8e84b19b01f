// The check of a TrainConfig at the library's door: the CLI checks its flags, a program calling train() gets the same care.

import { CONFIG_NAMES } from '../data/setting-names.js';
import { UserError } from '../errors.js';
import { type LossSettingNames, checkLossOutput, checkLossTargets } from '../nn/losses/losses.js';
import { MAX_THREADS } from '../parallel/index.js';
import { NAMES, type TrainConfig } from './config.js';

/** The loss checks' settings as a config names them. */
const CONFIG_LOSS_NAMES: LossSettingNames = { loss: 'config.model.loss', output: 'config.model.output', taskRegression: CONFIG_NAMES.taskRegression };

/**
 * Throws a UserError naming the first field of `config` whose value no run can use: a name that is
 * not among NAMES, a loss that cannot follow its output activation or does not suit the task, a
 * setting of the other task, counts that are not whole or not positive, a seed outside 32 bits, a split
 * outside [0, 1), patience without a validation set, a switch that is not a boolean, an optimiser
 * number out of its range, layer widths that are not two or more positive integers.
 */
export function checkTrainConfig(config: TrainConfig): void {
  const { model, optim } = config;
  named('model.activation', model.activation, NAMES.activation);
  named('model.output', model.output, NAMES.output);
  named('model.loss', model.loss, NAMES.loss);
  named('model.init', model.init, NAMES.init);
  if (config.task !== undefined) named('task', config.task, NAMES.task);
  const regression = config.task === 'regression';
  try {
    checkLossOutput(model.loss, model.output, CONFIG_LOSS_NAMES);
    // Classification reads class labels, regression numeric targets: the loss must compare its outputs with those.
    checkLossTargets(model.loss, regression ? 'values' : 'classes', CONFIG_LOSS_NAMES);
  } catch (error) {
    throw new UserError(`train: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (model.huberDelta !== undefined) positive('model.huberDelta', model.huberDelta);
  if (config.normalizeTarget !== undefined) named('normalizeTarget', config.normalizeTarget, NAMES.normalizeTarget);
  if (config.classWeight !== undefined) named('classWeight', config.classWeight, NAMES.classWeight);
  if (regression && config.stratify === true) throw new UserError("train: config.stratify keeps each class's share, but config.task is regression");
  if (regression && config.classWeight === 'balanced') throw new UserError('train: config.classWeight weighs classes, but config.task is regression');
  if (!regression && config.normalizeTarget !== undefined) throw new UserError('train: config.normalizeTarget scales regression targets, but config.task is classification');
  named('optim.optimizer', optim.optimizer, NAMES.optimizer);
  named('optim.schedule', optim.schedule, NAMES.schedule);
  positive('optim.lr', optim.lr);
  if (!(typeof optim.momentum === 'number' && optim.momentum >= 0 && optim.momentum < 1)) fail('optim.momentum', 'be in [0, 1)', optim.momentum);
  if (!(typeof optim.weightDecay === 'number' && optim.weightDecay >= 0 && Number.isFinite(optim.weightDecay))) fail('optim.weightDecay', 'be a number ≥ 0', optim.weightDecay);
  count('optim.stepSize', optim.stepSize);
  positive('optim.gamma', optim.gamma);
  switched('optim.nesterov', optim.nesterov);
  if (typeof config.data !== 'string') fail('data', "be 'mnist', a table file or an IDX folder", config.data);
  if (config.test !== undefined && typeof config.test !== 'string') fail('test', 'be a table file or an IDX folder, or absent', config.test);
  if (config.validation !== undefined && typeof config.validation !== 'string') fail('validation', 'be a table file or an IDX folder, or absent', config.validation);
  named('normalize', config.normalize, NAMES.normalize);
  if (config.delimiter !== undefined) named('delimiter', config.delimiter, NAMES.delimiter);
  if (config.header !== undefined) named('header', config.header, NAMES.header);
  for (const key of ['target', 'ignore'] as const) {
    const columns: unknown = config[key];
    if (columns !== undefined && !(Array.isArray(columns) && columns.every((c) => typeof c === 'string'))) fail(key, 'be a list of column names or indices (strings)', columns);
  }
  switched('shuffle', config.shuffle);
  if (config.stratify !== undefined) switched('stratify', config.stratify);
  count('batchSize', config.batchSize);
  count('epochs', config.epochs);
  count('threads', config.threads, MAX_THREADS);
  if (config.shards !== undefined) count('shards', config.shards, config.batchSize);
  if (!(Number.isInteger(config.seed) && config.seed >= 0 && config.seed <= 0xffffffff)) fail('seed', 'be an integer from 0 to 4294967295', config.seed);
  if (!(typeof config.testSplit === 'number' && config.testSplit >= 0 && config.testSplit < 1)) fail('testSplit', 'be in [0, 1)', config.testSplit);
  const validationSplit = config.validationSplit ?? 0;
  if (!(typeof validationSplit === 'number' && validationSplit >= 0 && validationSplit < 1)) fail('validationSplit', 'be in [0, 1)', validationSplit);
  if (config.validation !== undefined && validationSplit > 0) throw new UserError('train: config.validation and config.validationSplit both ask for a validation set; give one');
  if (config.patience !== undefined) {
    count('patience', config.patience);
    if (config.validation === undefined && validationSplit === 0) throw new UserError('train: config.patience watches the validation loss; give config.validationSplit or config.validation');
  }
  const layers: unknown = model.layers;
  if (!Array.isArray(layers) || (layers.length > 0 && (layers.length < 2 || !layers.every(isPositiveWhole)))) {
    fail('model.layers', 'be empty (widths from the data) or two or more positive integers', layers);
  }
  const hidden: unknown = model.hidden;
  if (hidden !== undefined && !(Array.isArray(hidden) && hidden.every(isPositiveWhole))) fail('model.hidden', 'be a list of positive integers (the hidden widths)', hidden);
}

function fail(field: string, must: string, got: unknown): never {
  throw new UserError(`train: config.${field} must ${must}, got ${show(got)}`);
}

/** A value as a message shows it: a number or a list of numbers as written, anything else as JSON. */
function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'number')) return `[${value.join(', ')}]`;
  return JSON.stringify(value) ?? String(value);
}

function named(field: string, value: string, names: readonly string[]): void {
  if (!names.includes(value)) fail(field, `be one of ${names.join(', ')}`, value);
}

function count(field: string, value: number, most = Number.MAX_SAFE_INTEGER): void {
  if (!(Number.isSafeInteger(value) && value >= 1 && value <= most)) fail(field, `be a whole number from 1${most === Number.MAX_SAFE_INTEGER ? '' : ` to ${most}`}`, value);
}

function positive(field: string, value: number): void {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) fail(field, 'be a positive number', value);
}

function switched(field: string, value: boolean): void {
  if (typeof value !== 'boolean') fail(field, 'be true or false', value);
}

function isPositiveWhole(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}
