// The training flags' resolution into a TrainConfig: from the command line, a --config file, or a checkpoint they continue.

import { UserError } from '../errors.js';
import { checkLossOutput, checkLossTargets } from '../nn/losses/losses.js';
import { NAMES, type Task, type TrainConfig } from '../train/config.js';
import { readConfigFile } from './config-file.js';
import { defaultInit, defaultLearningRate, defaultThreads, defaults as d } from '../train/defaults.js';
import { runOptions, trainingOptions } from './flag-definitions.js';
import { columnRefs, delimiterName } from './data-flags.js';
import { sameDataset } from './run-files.js';
import { badFlag, boolean, choice, hiddenWidths, layerWidths, numberIn, once, positiveInteger, text, threadCount, uint32, type FlagValue } from './flag-values.js';

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
  const task = get('task', (f) => choice(f, NAMES.task), d.task);
  const regression = task === 'regression';
  const activation = get('activation', (f) => choice(f, NAMES.activation), d.activation);
  const output = get('output', (f) => choice(f, NAMES.output), regression ? d.regressionOutput : d.output);
  const loss = get('loss', (f) => choice(f, NAMES.loss), regression ? d.regressionLoss : d.loss);
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
  const optimizer = get('optimizer', (f) => choice(f, NAMES.optimizer), d.optimizer);
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
      init: get('init', (f) => choice(f, NAMES.init), defaultInit(activation)),
      ...(huberDelta === undefined ? {} : { huberDelta }),
    },
    optim: {
      optimizer,
      lr: get('lr', (f) => numberIn(f, { min: 0, minExclusive: true }), defaultLearningRate(optimizer)),
      momentum: get('momentum', (f) => numberIn(f, { min: 0, maxExclusive: 1 }), d.momentum),
      nesterov,
      weightDecay: get('weight-decay', (f) => numberIn(f, { min: 0 }), d.weightDecay),
      schedule: get('schedule', (f) => choice(f, NAMES.schedule), d.schedule),
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
    normalize: get('normalize', (f) => choice(f, NAMES.normalize), d.normalize),
    delimiter: get('delimiter', delimiterName, d.delimiter),
    header: get('header', (f) => choice(f, NAMES.header), d.header),
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
    if (weightFlag !== undefined && choice(weightFlag, NAMES.classWeight) !== 'none') throw badFlag(weightFlag.where, 'weighs classes, but --task regression has no classes');
    return { task, normalizeTarget: scalingFlag === undefined ? d.normalizeTarget : choice(scalingFlag, NAMES.normalizeTarget) };
  }
  if (scalingFlag !== undefined) throw badFlag(scalingFlag.where, 'scales numeric targets: it needs --task regression');
  return { task, classWeight: weightFlag === undefined ? d.classWeight : choice(weightFlag, NAMES.classWeight) };
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
  const between = given?.slice(1, -1) ?? hidden ?? [...d.hidden];
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
    ...(model.layers.length === 0 ? { hidden: (model.hidden ?? d.hidden).join(',') } : { layers: model.layers.join(',') }),
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
