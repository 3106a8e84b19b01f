// The check of a TrainConfig at the library's door: the CLI checks its flags, a program calling train() gets the same care.

import { UserError } from '../errors.js';
import { checkLossOutput, checkLossTargets } from '../nn/losses/losses.js';
import { MAX_THREADS } from '../parallel/index.js';
import { NAMES, type TrainConfig } from './config.js';

/**
 * Throws a UserError naming the first field of `config` whose value no run can use: a name that is
 * not among NAMES, a loss that cannot follow its output activation, counts that are not whole or not
 * positive, a seed outside 32 bits, a split outside [0, 1), a switch that is not a boolean, an
 * optimiser number out of its range, layer widths that are not two or more positive integers.
 */
export function checkTrainConfig(config: TrainConfig): void {
  const { model, optim } = config;
  named('model.activation', model.activation, NAMES.activation);
  named('model.output', model.output, NAMES.output);
  named('model.loss', model.loss, NAMES.loss);
  named('model.init', model.init, NAMES.init);
  try {
    checkLossOutput(model.loss, model.output);
    // Training reads class labels: a loss that compares numeric targets cannot score them.
    checkLossTargets(model.loss, 'classes');
  } catch (error) {
    throw new UserError(`train: config.model.loss: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (model.huberDelta !== undefined) positive('model.huberDelta', model.huberDelta);
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
