// The flags of training runs and of every command: their yargs definitions, groups, choices and defaults.

import type { Options } from 'yargs';
import { LOSSES } from '../nn/losses/losses.js';
import { NAMES } from '../train/config.js';
import { defaults } from '../train/defaults.js';

/** The accepted values of each flag that takes a name: the names train() accepts. */
export const flagChoices = NAMES;

/** The defaults of the shared flags: the library's `defaults` (those that depend on other flags are resolved in `toTrainConfig`). */
export const trainDefaults = defaults;

const d = defaults;
const data = 'Data:';
const model = 'Model:';
const optim = 'Optimiser:';
const run = 'Run:';

/**
 * The yargs definitions of the data, model, optimiser and run flags. Values are checked by `toTrainConfig`, not yargs:
 * numeric flags have no yargs type, so a bad value reaches the check as the text the user typed.
 */
export const trainingOptions = {
  data: { type: 'string', group: data, requiresArg: true, describe: "'mnist', a table (.csv, .tsv, .txt, optionally .gz) or an IDX folder", defaultDescription: d.data },
  test: { type: 'string', group: data, requiresArg: true, describe: 'a separate test set (same kinds as --data)' },
  'test-split': { group: data, requiresArg: true, describe: 'share of --data held out for testing when --test is absent, in [0, 1)', defaultDescription: String(d.testSplit) },
  stratify: { type: 'boolean', group: data, describe: "keep each class's share of the rows in the --test-split and --validation-split", defaultDescription: String(d.stratify) },
  'validation-split': {
    group: data,
    requiresArg: true,
    describe: 'share of the training rows held out for validation, in [0, 1): each epoch reports val_loss and its accuracy or RMSE and R²',
    defaultDescription: '0: no validation',
  },
  validation: { type: 'string', group: data, requiresArg: true, describe: 'a separate validation set (same kinds as --data), instead of --validation-split' },
  shuffle: { type: 'boolean', group: data, describe: 'reshuffle the training set every epoch (--no-shuffle: keep file order)', defaultDescription: String(d.shuffle) },
  normalize: {
    type: 'string',
    group: data,
    requiresArg: true,
    describe: `${NAMES.normalize.join('|')}: per column (standard, minmax) or one scale (max)`,
    defaultDescription: 'auto: standard for tables, max for images',
  },
  task: { type: 'string', group: data, requiresArg: true, describe: `${NAMES.task.join('|')}: class labels, or numeric targets (one output each)`, defaultDescription: d.task },
  target: {
    type: 'string',
    group: data,
    requiresArg: true,
    describe: "a table's target column (in regression one or more), by header name or 0-based index",
    defaultDescription: 'the last column',
  },
  'normalize-target': {
    type: 'string',
    group: data,
    requiresArg: true,
    describe: `${NAMES.normalizeTarget.join('|')}: with --task regression, scale each target to mean 0 and std 1 on the training rows (predictions are mapped back)`,
    defaultDescription: d.normalizeTarget,
  },
  'class-weight': {
    type: 'string',
    group: data,
    requiresArg: true,
    describe: `${NAMES.classWeight.join('|')}: balanced weighs each class's rows in the loss by n_rows / (n_classes · rows of the class)`,
    defaultDescription: d.classWeight,
  },
  ignore: { type: 'string', group: data, requiresArg: true, describe: "a table's columns to leave out (ids), by name or 0-based index, e.g. id,date" },
  delimiter: { type: 'string', group: data, requiresArg: true, describe: `${NAMES.delimiter.join('|')}, or , ; \\t |`, defaultDescription: 'auto: detected from the first lines' },
  header: { type: 'string', group: data, requiresArg: true, describe: `${NAMES.header.join('|')}: whether a table's first row names its columns`, defaultDescription: 'auto: a header unless its feature cells are numbers' },
  layers: { type: 'string', group: model, requiresArg: true, describe: 'widths, input first, e.g. 64,16,10', defaultDescription: `inputs,${d.hidden.join(',')},classes` },
  hidden: { type: 'string', group: model, requiresArg: true, describe: 'hidden widths, e.g. 64,32 (inputs and outputs from the data)', defaultDescription: d.hidden.join(',') },
  activation: { type: 'string', group: model, requiresArg: true, describe: NAMES.activation.join('|'), defaultDescription: d.activation },
  output: { type: 'string', group: model, requiresArg: true, describe: NAMES.output.join('|'), defaultDescription: `${d.output}; ${d.regressionOutput} in regression` },
  loss: { type: 'string', group: model, requiresArg: true, describe: lossHelp(), defaultDescription: `${d.loss}; ${d.regressionLoss} in regression` },
  'huber-delta': { group: model, requiresArg: true, describe: "with --loss huber: Huber's δ, where its square turns into a straight line, > 0", defaultDescription: '1' },
  init: { type: 'string', group: model, requiresArg: true, describe: NAMES.init.join('|'), defaultDescription: 'he for relu/leaky-relu, else xavier' },
  optimizer: { type: 'string', group: optim, requiresArg: true, describe: NAMES.optimizer.join('|'), defaultDescription: d.optimizer },
  lr: { group: optim, requiresArg: true, describe: 'learning rate, > 0', defaultDescription: `${d.adamLr} for adam, else ${d.otherLr}` },
  momentum: { group: optim, requiresArg: true, describe: 'momentum coefficient in [0, 1)', defaultDescription: String(d.momentum) },
  nesterov: { type: 'boolean', group: optim, describe: 'Nesterov momentum (with --optimizer momentum)', defaultDescription: String(d.nesterov) },
  'weight-decay': { group: optim, requiresArg: true, describe: 'L2 weight decay, >= 0', defaultDescription: String(d.weightDecay) },
  schedule: { type: 'string', group: optim, requiresArg: true, describe: NAMES.schedule.join('|'), defaultDescription: d.schedule },
  'step-size': { group: optim, requiresArg: true, describe: 'with --schedule step: epochs between rate cuts', defaultDescription: String(d.stepSize) },
  gamma: { group: optim, requiresArg: true, describe: 'with --schedule step: factor of each cut, > 0', defaultDescription: String(d.gamma) },
  'batch-size': { group: run, requiresArg: true, describe: 'samples per minibatch', defaultDescription: String(d.batchSize) },
  epochs: { group: run, requiresArg: true, describe: 'passes over the training set', defaultDescription: String(d.epochs) },
  patience: {
    group: run,
    requiresArg: true,
    describe: 'stop once the validation loss has not improved for N epochs, and keep (score, save) the best epoch\'s model',
    defaultDescription: 'off',
  },
  threads: { group: run, requiresArg: true, describe: 'worker threads', defaultDescription: 'the number of cores' },
  shards: { group: run, requiresArg: true, describe: 'shards per minibatch (at most --batch-size)', defaultDescription: 'from the batch size' },
  seed: { group: run, requiresArg: true, describe: 'seed of every random choice, 0 to 2^32-1', defaultDescription: String(d.seed) },
  config: { type: 'string', group: run, requiresArg: true, describe: 'a JSON file of flag values, e.g. {"batch-size": 64}; flags override it' },
} as const satisfies Record<string, Options>;

/** The yargs definitions of what a training run writes and reads besides the model: train only. */
export const runOptions = {
  save: { type: 'string', group: run, requiresArg: true, describe: 'write a checkpoint (safetensors) here after each epoch' },
  resume: { type: 'string', group: run, requiresArg: true, describe: 'continue from this checkpoint' },
  'init-from': {
    type: 'string',
    group: run,
    requiresArg: true,
    describe: "start from these weights (a checkpoint, or a safetensors file of weights alone) with a new optimiser at epoch 0: fine-tuning",
  },
  metrics: { type: 'string', group: run, requiresArg: true, describe: 'append one JSON line per logged step to this file' },
  'log-every': { group: run, requiresArg: true, describe: 'log metrics every N steps', defaultDescription: 'once per epoch' },
} as const satisfies Record<string, Options>;

/** The losses, and what each needs besides: an output activation, or numeric targets. */
function lossHelp(): string {
  const needs = NAMES.loss.flatMap((name) => {
    const output = LOSSES[name].output;
    return output === undefined ? [] : [`${name} needs --output ${output}`];
  });
  const numeric = NAMES.loss.filter((name) => !LOSSES[name].targets.includes('classes'));
  return [NAMES.loss.join('|'), ...needs, ...(numeric.length === 0 ? [] : [`${numeric.join(' and ')} compare numeric targets (--task regression)`])].join('; ');
}

/** The flags every command takes. */
export const globalOptions = {
  json: { type: 'boolean', describe: 'print one JSON value on stdout and nothing else (no progress): an object, or for predict an array' },
  quiet: { type: 'boolean', describe: 'no progress output' },
  debug: { type: 'boolean', describe: 'print the stack trace of unexpected errors' },
} as const satisfies Record<string, Options>;

/** What the global flags ask for. */
export interface GlobalFlags {
  json: boolean;
  quiet: boolean;
  debug: boolean;
}

/** The global flags of a parsed command line (absent flags are false). */
export function toGlobalFlags(argv: Readonly<Record<string, unknown>>): GlobalFlags {
  return { json: argv.json === true, quiet: argv.quiet === true, debug: argv.debug === true };
}
