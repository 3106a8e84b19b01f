// The flags shared by train, check and bench (data, model, optimiser, run), and their resolution into a TrainConfig.

import type { Options } from 'yargs';
import { UserError } from '../errors.js';
import { LOSSES, checkLossOutput, checkLossTargets } from '../nn/losses/losses.js';
import { NAMES, type TrainConfig } from '../train/config.js';
import { readConfigFile } from './config-file.js';
import { defaultInit, defaultLearningRate, defaultThreads, defaults } from '../train/defaults.js';
import { columnRefs, delimiterName, hiddenWidths } from './data-flags.js';
import { sameDataset } from './run-files.js';
import { badFlag, boolean, choice, layerWidths, numberIn, once, positiveInteger, text, threadCount, uint32, type FlagValue } from './flag-values.js';

const HIDDEN_ACTIVATIONS = NAMES.activation;
const OUTPUT_ACTIVATIONS = NAMES.output;
const LOSS_CHOICES = NAMES.loss;
const INITS = NAMES.init;
const OPTIMIZERS = NAMES.optimizer;
const SCHEDULES = NAMES.schedule;
const NORMALIZATIONS = NAMES.normalize;
const DELIMITERS = NAMES.delimiter;
const HEADERS = NAMES.header;

/** The accepted values of each flag that takes a name. */
export const flagChoices = {
  activation: HIDDEN_ACTIVATIONS,
  output: OUTPUT_ACTIVATIONS,
  loss: LOSS_CHOICES,
  init: INITS,
  optimizer: OPTIMIZERS,
  schedule: SCHEDULES,
  normalize: NORMALIZATIONS,
  delimiter: DELIMITERS,
  header: HEADERS,
} as const;

/** The defaults of the shared flags: the library's `defaults` (those that depend on other flags are resolved in `toTrainConfig`). */
export const trainDefaults = defaults;

const d = trainDefaults;
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
  stratify: { type: 'boolean', group: data, describe: "keep each class's share of the rows in the --test-split", defaultDescription: String(d.stratify) },
  shuffle: { type: 'boolean', group: data, describe: 'reshuffle the training set every epoch (--no-shuffle: keep file order)', defaultDescription: String(d.shuffle) },
  normalize: {
    type: 'string',
    group: data,
    requiresArg: true,
    describe: `${NORMALIZATIONS.join('|')}: per column (standard, minmax) or one scale (max)`,
    defaultDescription: 'auto: standard for tables, max for images',
  },
  target: { type: 'string', group: data, requiresArg: true, describe: "a table's target column, by header name or 0-based index", defaultDescription: 'the last column' },
  ignore: { type: 'string', group: data, requiresArg: true, describe: "a table's columns to leave out (ids), by name or 0-based index, e.g. id,date" },
  delimiter: { type: 'string', group: data, requiresArg: true, describe: `${DELIMITERS.join('|')}, or , ; \\t |`, defaultDescription: 'auto: detected from the first lines' },
  header: { type: 'string', group: data, requiresArg: true, describe: `${HEADERS.join('|')}: whether a table's first row names its columns`, defaultDescription: 'auto: a header unless its feature cells are numbers' },
  layers: { type: 'string', group: model, requiresArg: true, describe: 'widths, input first, e.g. 64,16,10', defaultDescription: `inputs,${d.hidden.join(',')},classes` },
  hidden: { type: 'string', group: model, requiresArg: true, describe: 'hidden widths, e.g. 64,32 (inputs and outputs from the data)', defaultDescription: d.hidden.join(',') },
  activation: { type: 'string', group: model, requiresArg: true, describe: HIDDEN_ACTIVATIONS.join('|'), defaultDescription: d.activation },
  output: { type: 'string', group: model, requiresArg: true, describe: OUTPUT_ACTIVATIONS.join('|'), defaultDescription: d.output },
  loss: { type: 'string', group: model, requiresArg: true, describe: lossHelp(), defaultDescription: d.loss },
  'huber-delta': { group: model, requiresArg: true, describe: "with --loss huber: Huber's δ, where its square turns into a straight line, > 0", defaultDescription: '1' },
  init: { type: 'string', group: model, requiresArg: true, describe: INITS.join('|'), defaultDescription: 'he for relu/leaky-relu, else xavier' },
  optimizer: { type: 'string', group: optim, requiresArg: true, describe: OPTIMIZERS.join('|'), defaultDescription: d.optimizer },
  lr: { group: optim, requiresArg: true, describe: 'learning rate, > 0', defaultDescription: `${d.adamLr} for adam, else ${d.otherLr}` },
  momentum: { group: optim, requiresArg: true, describe: 'momentum coefficient in [0, 1)', defaultDescription: String(d.momentum) },
  nesterov: { type: 'boolean', group: optim, describe: 'Nesterov momentum (with --optimizer momentum)', defaultDescription: String(d.nesterov) },
  'weight-decay': { group: optim, requiresArg: true, describe: 'L2 weight decay, >= 0', defaultDescription: String(d.weightDecay) },
  schedule: { type: 'string', group: optim, requiresArg: true, describe: SCHEDULES.join('|'), defaultDescription: d.schedule },
  'step-size': { group: optim, requiresArg: true, describe: 'with --schedule step: epochs between rate cuts', defaultDescription: String(d.stepSize) },
  gamma: { group: optim, requiresArg: true, describe: 'with --schedule step: factor of each cut, > 0', defaultDescription: String(d.gamma) },
  'batch-size': { group: run, requiresArg: true, describe: 'samples per minibatch', defaultDescription: String(d.batchSize) },
  epochs: { group: run, requiresArg: true, describe: 'passes over the training set', defaultDescription: String(d.epochs) },
  threads: { group: run, requiresArg: true, describe: 'worker threads', defaultDescription: 'the number of cores' },
  shards: { group: run, requiresArg: true, describe: 'shards per minibatch (at most --batch-size)', defaultDescription: 'from the batch size' },
  seed: { group: run, requiresArg: true, describe: 'seed of every random choice, 0 to 2^32-1', defaultDescription: String(d.seed) },
  config: { type: 'string', group: run, requiresArg: true, describe: 'a JSON file of flag values, e.g. {"batch-size": 64}; flags override it' },
} as const satisfies Record<string, Options>;

/** The yargs definitions of what a training run writes and reads besides the model: train only. */
export const runOptions = {
  save: { type: 'string', group: run, requiresArg: true, describe: 'write a checkpoint (safetensors) here after each epoch' },
  resume: { type: 'string', group: run, requiresArg: true, describe: 'continue from this checkpoint' },
  metrics: { type: 'string', group: run, requiresArg: true, describe: 'append one JSON line per logged step to this file' },
  'log-every': { group: run, requiresArg: true, describe: 'log metrics every N steps', defaultDescription: 'once per epoch' },
} as const satisfies Record<string, Options>;

/** The losses, and what each needs besides: an output activation, or numeric targets. */
function lossHelp(): string {
  const needs = LOSS_CHOICES.flatMap((name) => {
    const output = LOSSES[name].output;
    return output === undefined ? [] : [`${name} needs --output ${output}`];
  });
  const numeric = LOSS_CHOICES.filter((name) => !LOSSES[name].targets.includes('classes'));
  return [LOSS_CHOICES.join('|'), ...needs, ...(numeric.length === 0 ? [] : [`${numeric.join(' and ')} compare numeric targets (--task regression)`])].join('; ');
}

/** The width of the data: features per sample and classes. */
export interface DataShape {
  features: number;
  classes: number;
}

/** What `--save`, `--resume`, `--metrics` and `--log-every` ask for. */
export interface RunFlags {
  save: string | undefined;
  resume: string | undefined;
  metrics: string | undefined;
  logEvery: number | undefined;
}

const FILE_KEYS = [...Object.keys(trainingOptions), ...Object.keys(runOptions)].filter((key) => key !== 'config');

/**
 * The TrainConfig the flags and the --config file ask for; each bad value is a usage error (exit 2) naming the flag.
 * Without --layers the widths are [features, 256, 128, classes] from `dataShape`, or [] when the data is not read
 * yet ([] tells the trainer to take them from the data). Given widths are checked against `dataShape`.
 * With `base` (a resumed checkpoint's config), what neither the flags nor the file give comes from `base`.
 */
export function toTrainConfig(argv: Readonly<Record<string, unknown>>, dataShape?: DataShape, base?: TrainConfig): TrainConfig {
  const flag = flagLookup(argv, base);
  const get = <T>(name: string, parse: (value: FlagValue) => T, fallback: T): T => {
    const value = flag(name);
    return value === undefined ? fallback : parse(value);
  };
  const activation = get('activation', (f) => choice(f, HIDDEN_ACTIVATIONS), d.activation);
  const output = get('output', (f) => choice(f, OUTPUT_ACTIVATIONS), d.output);
  const loss = get('loss', (f) => choice(f, LOSS_CHOICES), d.loss);
  const huberDelta = get('huber-delta', (f) => numberIn(f, { min: 0, minExclusive: true }), undefined);
  if (huberDelta !== undefined && loss !== 'huber') throw badFlag(flag('huber-delta')?.where ?? '--huber-delta', `needs --loss huber, not ${loss}`);
  try {
    checkLossOutput(loss, output);
    // Training reads class labels: a loss that compares numeric targets is refused here.
    checkLossTargets(loss, 'classes');
  } catch (error) {
    // Its message names --loss and --output already.
    throw new UserError(error instanceof Error ? error.message : String(error), 2);
  }
  const optimizer = get('optimizer', (f) => choice(f, OPTIMIZERS), d.optimizer);
  const nesterov = get('nesterov', boolean, d.nesterov);
  if (nesterov && optimizer !== 'momentum') throw badFlag(flag('nesterov')?.where ?? '--nesterov', `needs --optimizer momentum, not ${optimizer}`);
  const batchSize = get('batch-size', positiveInteger, d.batchSize);
  const shards = get('shards', positiveInteger, undefined);
  const test = get('test', text, undefined);
  // With a test file nothing of --data is held out: the split is 0. Asking for one beside it is a
  // mistake, unless the split is a file's or a checkpoint's and the command line names the test
  // file (it overrides them, as every flag does: a file `einprop config` wrote holds a split).
  const split = flag('test-split');
  const overridden = split !== undefined && !split.where.startsWith('--') && flag('test')?.where.startsWith('--') === true;
  if (test !== undefined && split !== undefined && split.inherited !== true && !overridden) {
    throw badFlag(split.where, `has no effect beside a test file (${test}), which is the whole test set; give one or the other`);
  }
  const testSplit = test !== undefined ? 0 : get('test-split', (f) => numberIn(f, { min: 0, maxExclusive: 1 }), d.testSplit);
  if (shards !== undefined && shards > batchSize) throw badFlag(flag('shards')!.where, `${shards} is more than the batch size ${batchSize}`);
  const data = get('data', text, d.data);
  if (test !== undefined && sameDataset(test, data)) {
    throw badFlag(flag('test')?.where ?? '--test', `names the --data file (${data}): every test row would also be a training row; give another file, or leave --test out to hold rows out with --test-split`);
  }
  const layers = resolveLayers(flag('layers'), dataShape, flag('hidden'));
  return {
    model: {
      layers: layers.layers,
      hidden: layers.hidden,
      activation,
      output,
      loss,
      init: get('init', (f) => choice(f, INITS), defaultInit(activation)),
      ...(huberDelta === undefined ? {} : { huberDelta }),
    },
    optim: {
      optimizer,
      lr: get('lr', (f) => numberIn(f, { min: 0, minExclusive: true }), defaultLearningRate(optimizer)),
      momentum: get('momentum', (f) => numberIn(f, { min: 0, maxExclusive: 1 }), d.momentum),
      nesterov,
      weightDecay: get('weight-decay', (f) => numberIn(f, { min: 0 }), d.weightDecay),
      schedule: get('schedule', (f) => choice(f, SCHEDULES), d.schedule),
      stepSize: get('step-size', positiveInteger, d.stepSize),
      gamma: get('gamma', (f) => numberIn(f, { min: 0, minExclusive: true }), d.gamma),
    },
    data,
    test,
    testSplit,
    stratify: get('stratify', boolean, d.stratify),
    shuffle: get('shuffle', boolean, d.shuffle),
    normalize: get('normalize', (f) => choice(f, NORMALIZATIONS), d.normalize),
    delimiter: get('delimiter', delimiterName, d.delimiter),
    header: get('header', (f) => choice(f, HEADERS), d.header),
    target: get('target', columnRefs, []),
    ignore: get('ignore', columnRefs, []),
    batchSize,
    epochs: get('epochs', positiveInteger, d.epochs),
    seed: get('seed', uint32, d.seed),
    threads: get('threads', threadCount, defaultThreads()),
    shards,
  };
}

/**
 * The widths: --layers checked against the data, or the data's widths around --hidden (or the default
 * hidden widths), or [] when the data is not read yet (from the data, later); and the hidden widths.
 * --layers and --hidden together must agree.
 */
function resolveLayers(flag: FlagValue | undefined, dataShape: DataShape | undefined, hiddenFlag: FlagValue | undefined): { layers: number[]; hidden: number[] } {
  const given = flag === undefined ? undefined : layerWidths(flag);
  const hidden = hiddenFlag === undefined ? undefined : hiddenWidths(hiddenFlag);
  if (flag !== undefined && given !== undefined && hiddenFlag !== undefined && hidden !== undefined && given.slice(1, -1).join() !== hidden.join()) {
    const between = given.slice(1, -1).join(',') || 'none';
    throw badFlag(hiddenFlag.where, `is ${hidden.join(',')}, but ${flag.where} ${given.join(',')} has the hidden widths ${between}; give one of them, or make them agree`);
  }
  const between = given?.slice(1, -1) ?? hidden ?? [...trainDefaults.hidden];
  if (dataShape === undefined) return { layers: given ?? [], hidden: between };
  if (flag === undefined || given === undefined) return { layers: [dataShape.features, ...between, dataShape.classes], hidden: between };
  if (given[0] !== dataShape.features) throw badFlag(flag.where, `starts with ${given[0]} inputs but the data has ${dataShape.features} features`);
  const outputs = given[given.length - 1];
  if (outputs !== dataShape.classes) throw badFlag(flag.where, `ends with ${outputs} outputs but the data has ${dataShape.classes} classes`);
  return { layers: given, hidden: between };
}

/** The checked `--save`, `--resume`, `--metrics` and `--log-every` (from the flags or the --config file). */
export function toRunFlags(argv: Readonly<Record<string, unknown>>): RunFlags {
  const flag = flagLookup(argv);
  const optional = <T>(name: string, parse: (value: FlagValue) => T): T | undefined => {
    const value = flag(name);
    return value === undefined ? undefined : parse(value);
  };
  const run = {
    save: optional('save', text),
    resume: optional('resume', text),
    metrics: optional('metrics', text),
    logEvery: optional('log-every', positiveInteger),
  };
  const logEvery = flag('log-every');
  if (logEvery !== undefined && run.metrics === undefined) throw badFlag(logEvery.where, 'logs to the --metrics file; give one');
  return run;
}

/** The run flags that are given, as a --config file holds them (the inverse of toRunFlags). */
export function runConfigFile(run: RunFlags): Record<string, unknown> {
  const entries: [string, unknown][] = [
    ['save', run.save],
    ['resume', run.resume],
    ['metrics', run.metrics],
    ['log-every', run.logEvery],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

/** Where each flag's value comes from: the command line first, then the --config file, then `base`. */
export function flagLookup(argv: Readonly<Record<string, unknown>>, base?: TrainConfig): (name: string) => FlagValue | undefined {
  const path = argv.config === undefined ? undefined : text({ raw: once('config', argv.config), where: '--config' });
  const file = path === undefined ? {} : readConfigFile(path, FILE_KEYS);
  // A resumed run keeps the checkpoint's settings but not its thread count: that belongs to the machine.
  const { threads: _threads, ...fallback } = base === undefined ? {} : toConfigFile(base);
  return (name) => {
    const raw = argv[name];
    if (raw !== undefined) return { raw: once(name, raw), where: `--${name}` };
    if (Object.hasOwn(file, name)) return { raw: file[name], where: `"${name}" in ${path}` };
    if (Object.hasOwn(fallback, name)) return { raw: fallback[name], where: `"${name}" of the resumed checkpoint`, inherited: true };
    return undefined;
  };
}

/** The flags, as a --config file would hold them, that make `toTrainConfig` return `config` again. */
export function toConfigFile(config: TrainConfig): Record<string, unknown> {
  const { model, optim } = config;
  return {
    data: config.data,
    ...(config.test === undefined ? { 'test-split': config.testSplit } : { test: config.test }),
    stratify: config.stratify ?? d.stratify,
    shuffle: config.shuffle,
    normalize: config.normalize,
    target: [...(config.target ?? [])],
    ignore: [...(config.ignore ?? [])],
    delimiter: config.delimiter ?? d.delimiter,
    header: config.header ?? d.header,
    ...(model.layers.length === 0 ? { hidden: (model.hidden ?? trainDefaults.hidden).join(',') } : { layers: model.layers.join(',') }),
    activation: model.activation,
    output: model.output,
    loss: model.loss,
    init: model.init,
    ...(model.huberDelta === undefined ? {} : { 'huber-delta': model.huberDelta }),
    optimizer: optim.optimizer,
    lr: optim.lr,
    momentum: optim.momentum,
    nesterov: optim.nesterov,
    'weight-decay': optim.weightDecay,
    schedule: optim.schedule,
    'step-size': optim.stepSize,
    gamma: optim.gamma,
    'batch-size': config.batchSize,
    epochs: config.epochs,
    threads: config.threads,
    ...(config.shards === undefined ? {} : { shards: config.shards }),
    seed: config.seed,
  };
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
