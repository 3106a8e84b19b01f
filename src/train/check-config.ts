// The check of a TrainConfig's numbers at the library's door: the CLI checks its flags, a program calling train() gets the same care.

import { UserError } from '../errors.js';
import { checkLossTargets } from '../nn/losses/losses.js';
import { MAX_THREADS } from '../parallel/index.js';
import { NAMES, type TrainConfig } from './config.js';

/**
 * Throws a UserError naming the first field of `config` whose value no run can use: a name that is
 * not among NAMES, a loss or setting that does not suit the task, counts that are not whole or not
 * positive, a seed outside 32 bits, a split outside [0, 1), patience without a validation set, layer
 * widths that are not two or more positive integers. (The optimiser's numbers are checked where it is made.)
 */
export function checkTrainConfig(config: TrainConfig): void {
  const named = (field: string, value: string, names: readonly string[]): void => {
    if (!names.includes(value)) throw new UserError(`train: config.${field} must be one of ${names.join(', ')}, got ${JSON.stringify(value)}`);
  };
  named('model.activation', config.model.activation, NAMES.activation);
  named('model.output', config.model.output, NAMES.output);
  named('model.loss', config.model.loss, NAMES.loss);
  named('model.init', config.model.init, NAMES.init);
  if (config.task !== undefined) named('task', config.task, NAMES.task);
  const regression = config.task === 'regression';
  try {
    // Classification reads class labels, regression numeric targets: the loss must compare its outputs with those.
    checkLossTargets(config.model.loss, regression ? 'values' : 'classes');
  } catch (error) {
    throw new UserError(`train: config.model.loss: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (config.normalizeTarget !== undefined) named('normalizeTarget', config.normalizeTarget, NAMES.normalizeTarget);
  if (config.classWeight !== undefined) named('classWeight', config.classWeight, NAMES.classWeight);
  if (regression && config.stratify === true) throw new UserError("train: config.stratify keeps each class's share, but config.task is regression");
  if (regression && config.classWeight === 'balanced') throw new UserError('train: config.classWeight weighs classes, but config.task is regression');
  if (!regression && config.normalizeTarget !== undefined) throw new UserError('train: config.normalizeTarget scales regression targets, but config.task is classification');
  named('optim.optimizer', config.optim.optimizer, NAMES.optimizer);
  named('optim.schedule', config.optim.schedule, NAMES.schedule);
  named('normalize', config.normalize, NAMES.normalize);
  if (config.delimiter !== undefined) named('delimiter', config.delimiter, NAMES.delimiter);
  if (config.header !== undefined) named('header', config.header, NAMES.header);
  const count = (field: string, value: number, most = Number.MAX_SAFE_INTEGER): void => {
    if (!(Number.isSafeInteger(value) && value >= 1 && value <= most)) {
      throw new UserError(`train: config.${field} must be a whole number from 1${most === Number.MAX_SAFE_INTEGER ? '' : ` to ${most}`}, got ${value}`);
    }
  };
  count('batchSize', config.batchSize);
  count('epochs', config.epochs);
  count('threads', config.threads, MAX_THREADS);
  if (config.shards !== undefined) count('shards', config.shards, config.batchSize);
  if (!(Number.isInteger(config.seed) && config.seed >= 0 && config.seed <= 0xffffffff)) {
    throw new UserError(`train: config.seed must be an integer from 0 to 4294967295, got ${config.seed}`);
  }
  if (!(config.testSplit >= 0 && config.testSplit < 1)) throw new UserError(`train: config.testSplit must be in [0, 1), got ${config.testSplit}`);
  const validationSplit = config.validationSplit ?? 0;
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new UserError(`train: config.validationSplit must be in [0, 1), got ${validationSplit}`);
  if (config.validation !== undefined && validationSplit > 0) throw new UserError('train: config.validation and config.validationSplit both ask for a validation set; give one');
  if (config.patience !== undefined) {
    count('patience', config.patience);
    if (config.validation === undefined && validationSplit === 0) throw new UserError('train: config.patience watches the validation loss; give config.validationSplit or config.validation');
  }
  const { layers } = config.model;
  if (layers.length > 0 && (layers.length < 2 || !layers.every((w) => Number.isSafeInteger(w) && w >= 1))) {
    throw new UserError(`train: config.model.layers must be empty (widths from the data) or two or more positive integers, got [${layers.join(', ')}]`);
  }
}
