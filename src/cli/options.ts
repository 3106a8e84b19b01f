// The flags shared by train, check and bench (data, model, optimiser, run), and their resolution into a TrainConfig.

import type { Options } from 'yargs';
import { UserError } from '../errors.js';
import { LOSSES, checkLossOutput, checkLossTargets } from '../nn/losses/losses.js';
import { NAMES, type Task, type TrainConfig } from '../train/config.js';
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
const TASKS = NAMES.task;
const TARGET_SCALINGS = NAMES.normalizeTarget;
const CLASS_WEIGHTS = NAMES.classWeight;

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
  task: TASKS,
  normalizeTarget: TARGET_SCALINGS,
  classWeight: CLASS_WEIGHTS,
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
    describe: `${NORMALIZATIONS.join('|')}: per column (standard, minmax) or one scale (max)`,
    defaultDescription: 'auto: standard for tables, max for images',
  },
  task: { type: 'string', group: data, requiresArg: true, describe: `${TASKS.join('|')}: class labels, or numeric targets (one output each)`, defaultDescription: d.task },
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
    describe: `${TARGET_SCALINGS.join('|')}: with --task regression, scale each target to mean 0 and std 1 on the training rows (predictions are mapped back)`,
    defaultDescription: d.normalizeTarget,
  },
  'class-weight': {
    type: 'string',
    group: data,
    requiresArg: true,
    describe: `${CLASS_WEIGHTS.join('|')}: balanced weighs each class's rows in the loss by n_rows / (n_classes · rows of the class)`,
    defaultDescription: d.classWeight,
  },
  ignore: { type: 'string', group: data, requiresArg: true, describe: "a table's columns to leave out (ids), by name or 0-based index, e.g. id,date" },
  delimiter: { type: 'string', group: data, requiresArg: true, describe: `${DELIMITERS.join('|')}, or , ; \\t |`, defaultDescription: 'auto: detected from the first lines' },
  header: { type: 'string', group: data, requiresArg: true, describe: `${HEADERS.join('|')}: whether a table's first row names its columns`, defaultDescription: 'auto: a header unless its feature cells are numbers' },
  layers: { type: 'string', group: model, requiresArg: true, describe: 'widths, input first, e.g. 64,16,10', defaultDescription: `inputs,${d.hidden.join(',')},classes` },
  hidden: { type: 'string', group: model, requiresArg: true, describe: 'hidden widths, e.g. 64,32 (inputs and outputs from the data)', defaultDescription: d.hidden.join(',') },
  activation: { type: 'string', group: model, requiresArg: true, describe: HIDDEN_ACTIVATIONS.join('|'), defaultDescription: d.activation },
  output: { type: 'string', group: model, requiresArg: true, describe: OUTPUT_ACTIVATIONS.join('|'), defaultDescription: `${d.output}; ${d.regressionOutput} in regression` },
  loss: { type: 'string', group: model, requiresArg: true, describe: lossHelp(), defaultDescription: `${d.loss}; ${d.regressionLoss} in regression` },
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

/** What `--save`, `--resume`, `--init-from`, `--metrics` and `--log-every` ask for. */
export interface RunFlags {
  save: string | undefined;
  resume: string | undefined;
  initFrom: string | undefined;
  metrics: string | undefined;
  logEvery: number | undefined;
}

const FILE_KEYS = [...Object.keys(trainingOptions), ...Object.keys(runOptions)].filter((key) => key !== 'config');

/**
 * The TrainConfig the flags and the --config file ask for; each bad value is a usage error (exit 2) naming the flag.
 * Without --layers the widths are [features, 256, 128, classes] from `dataShape`, or [] when the data is not read
 * yet ([] tells the trainer to take them from the data). Given widths are checked against `dataShape`.
 * With `base` (a resumed checkpoint's config, or flag values inherited from a file), what neither the flags nor the file give comes from `base`.
 */
export function toTrainConfig(argv: Readonly<Record<string, unknown>>, dataShape?: DataShape, base?: TrainConfig | InheritedFlags): TrainConfig {
  const flag = flagLookup(argv, base);
  const get = <T>(name: string, parse: (value: FlagValue) => T, fallback: T): T => {
    const value = flag(name);
    return value === undefined ? fallback : parse(value);
  };
  const task = get('task', (f) => choice(f, TASKS), d.task);
  const regression = task === 'regression';
  const activation = get('activation', (f) => choice(f, HIDDEN_ACTIVATIONS), d.activation);
  const output = get('output', (f) => choice(f, OUTPUT_ACTIVATIONS), regression ? d.regressionOutput : d.output);
  const loss = get('loss', (f) => choice(f, LOSS_CHOICES), regression ? d.regressionLoss : d.loss);
  const huberDelta = get('huber-delta', (f) => numberIn(f, { min: 0, minExclusive: true }), undefined);
  if (huberDelta !== undefined && loss !== 'huber') throw badFlag(flag('huber-delta')?.where ?? '--huber-delta', `needs --loss huber, not ${loss}`);
  try {
    checkLossOutput(loss, output);
    // Classification reads class labels, regression numeric targets: a loss that compares the other kind is refused here
    // (a resumed checkpoint's loss suits its task, and a --task that contradicts that is refused by the resume check).
    if (flag('loss')?.inherited !== true) checkLossTargets(loss, regression ? 'values' : 'classes');
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
  const held = heldOutFlags(flag, data, test);
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
    stratify: held.stratify,
    ...held.validation,
    ...taskFlags(flag, task, held.stratify),
    shuffle: get('shuffle', boolean, d.shuffle),
    normalize: get('normalize', (f) => choice(f, NORMALIZATIONS), d.normalize),
    delimiter: get('delimiter', delimiterName, d.delimiter),
    header: get('header', (f) => choice(f, HEADERS), d.header),
    target: get('target', columnRefs, []),
    ignore: get('ignore', columnRefs, []),
    batchSize,
    epochs: get('epochs', positiveInteger, d.epochs),
    ...(held.patience === undefined ? {} : { patience: held.patience }),
    seed: get('seed', uint32, d.seed),
    threads: get('threads', threadCount, defaultThreads()),
    shards,
  };
}

/** Where a flag's value comes from (see flagLookup). */
export type FlagSource = (name: string) => FlagValue | undefined;

/**
 * --stratify, the validation rows (--validation-split or a --validation file, not both, and not the
 * --data or --test file) and --patience, which needs them.
 */
function heldOutFlags(
  flag: FlagSource,
  data: string,
  test: string | undefined,
): { stratify: boolean; validation: Pick<TrainConfig, 'validation' | 'validationSplit'>; patience: number | undefined } {
  const stratifyFlag = flag('stratify');
  const stratify = stratifyFlag === undefined ? d.stratify : boolean(stratifyFlag);
  const fileFlag = flag('validation');
  const file = fileFlag === undefined ? undefined : text(fileFlag);
  const split = flag('validation-split');
  // As with --test and --test-split: a split from a file or a checkpoint gives way to a file named on the command line.
  const overridden = split !== undefined && !split.where.startsWith('--') && fileFlag?.where.startsWith('--') === true;
  if (file !== undefined && fileFlag !== undefined) {
    if (split !== undefined && split.inherited !== true && !overridden) throw badFlag(split.where, `has no effect beside a validation file (${file}), which is the whole validation set; give one or the other`);
    if (sameDataset(file, data)) throw badFlag(fileFlag.where, `names the --data file (${data}): every validation row would also be a training row; give another file, or hold rows out with --validation-split`);
    if (test !== undefined && sameDataset(file, test)) throw badFlag(fileFlag.where, `names the --test file (${test}): the model would be chosen on its test rows; give another file`);
  }
  const fraction = file !== undefined || split === undefined ? d.validationSplit : numberIn(split, { min: 0, maxExclusive: 1 });
  const patienceFlag = flag('patience');
  const patience = patienceFlag === undefined ? undefined : positiveInteger(patienceFlag);
  if (patienceFlag !== undefined && file === undefined && fraction === 0) {
    throw badFlag(patienceFlag.where, 'watches the validation loss: give --validation-split or --validation');
  }
  return { stratify, validation: file === undefined ? { validationSplit: fraction } : { validation: file, validationSplit: 0 }, patience };
}

/**
 * The flags of one task: in regression --normalize-target (and no --stratify or --class-weight, which
 * need classes); in classification --class-weight (and no --normalize-target).
 */
function taskFlags(flag: FlagSource, task: Task, stratify: boolean): Pick<TrainConfig, 'task' | 'normalizeTarget' | 'classWeight'> {
  // A resumed checkpoint's settings of its own task: a --task that contradicts it is refused by the resume check, which names it.
  const given = (name: string): FlagValue | undefined => {
    const value = flag(name);
    return value?.inherited === true ? undefined : value;
  };
  const weightFlag = given('class-weight');
  const scalingFlag = given('normalize-target');
  if (task === 'regression') {
    if (stratify) throw badFlag(flag('stratify')?.where ?? '--stratify', "keeps each class's share of the rows, but --task regression has no classes");
    if (weightFlag !== undefined && choice(weightFlag, CLASS_WEIGHTS) !== 'none') throw badFlag(weightFlag.where, 'weighs classes, but --task regression has no classes');
    return { task, normalizeTarget: scalingFlag === undefined ? d.normalizeTarget : choice(scalingFlag, TARGET_SCALINGS) };
  }
  if (scalingFlag !== undefined) throw badFlag(scalingFlag.where, 'scales numeric targets: it needs --task regression');
  return { task, classWeight: weightFlag === undefined ? d.classWeight : choice(weightFlag, CLASS_WEIGHTS) };
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

/** The checked `--save`, `--resume`, `--init-from`, `--metrics` and `--log-every` (from the flags or the --config file). */
export function toRunFlags(argv: Readonly<Record<string, unknown>>): RunFlags {
  const flag = flagLookup(argv);
  const optional = <T>(name: string, parse: (value: FlagValue) => T): T | undefined => {
    const value = flag(name);
    return value === undefined ? undefined : parse(value);
  };
  const run = {
    save: optional('save', text),
    resume: optional('resume', text),
    initFrom: optional('init-from', text),
    metrics: optional('metrics', text),
    logEvery: optional('log-every', positiveInteger),
  };
  const logEvery = flag('log-every');
  if (logEvery !== undefined && run.metrics === undefined) throw badFlag(logEvery.where, 'logs to the --metrics file; give one');
  const initFrom = flag('init-from');
  if (initFrom !== undefined && run.resume !== undefined) throw badFlag(initFrom.where, `starts a new run from weights, and --resume ${run.resume} continues one; give one or the other`);
  return run;
}

/** The run flags that are given, as a --config file holds them (the inverse of toRunFlags). */
export function runConfigFile(run: RunFlags): Record<string, unknown> {
  const entries: [string, unknown][] = [
    ['save', run.save],
    ['resume', run.resume],
    ['init-from', run.initFrom],
    ['metrics', run.metrics],
    ['log-every', run.logEvery],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

/** Flag values a run takes from a file where neither the flags nor the --config file give them: a resumed checkpoint's, or those of the weights it starts from. */
export interface InheritedFlags {
  /** Values by long flag name, as a --config file holds them. */
  readonly values: Readonly<Record<string, unknown>>;
  /** How messages name their source: `the resumed checkpoint`. */
  readonly from: string;
}

/**
 * Where each flag's value comes from: the command line first, then the --config file (whose keys must be
 * among `keys`: train's flags by default), then `base`.
 */
export function flagLookup(argv: Readonly<Record<string, unknown>>, base?: TrainConfig | InheritedFlags, keys: readonly string[] = FILE_KEYS): FlagSource {
  const path = argv.config === undefined ? undefined : text({ raw: once('config', argv.config), where: '--config' });
  const file = path === undefined ? {} : readConfigFile(path, keys);
  const inherited = base === undefined || 'values' in base ? base : { values: toConfigFile(base), from: 'the resumed checkpoint' };
  // A run takes a checkpoint's settings but not its thread count: that belongs to the machine.
  const { threads: _threads, ...fallback } = inherited?.values ?? {};
  return (name) => {
    const raw = argv[name];
    if (raw !== undefined) return { raw: once(name, raw), where: `--${name}` };
    if (Object.hasOwn(file, name)) return { raw: file[name], where: `"${name}" in ${path}` };
    if (Object.hasOwn(fallback, name)) return { raw: fallback[name], where: `"${name}" of ${inherited?.from}`, inherited: true };
    return undefined;
  };
}

/** The flags, as a --config file would hold them, that make `toTrainConfig` return `config` again. */
export function toConfigFile(config: TrainConfig): Record<string, unknown> {
  const { model, optim } = config;
  return {
    data: config.data,
    ...(config.test === undefined ? { 'test-split': config.testSplit } : { test: config.test }),
    ...(config.validation === undefined ? { 'validation-split': config.validationSplit ?? d.validationSplit } : { validation: config.validation }),
    stratify: config.stratify ?? d.stratify,
    task: config.task ?? d.task,
    ...(config.task === 'regression' ? { 'normalize-target': config.normalizeTarget ?? d.normalizeTarget } : { 'class-weight': config.classWeight ?? d.classWeight }),
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
    ...(config.patience === undefined ? {} : { patience: config.patience }),
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
