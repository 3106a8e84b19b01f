// What a program passes to train(): its data (a file or arrays) and any of a run's settings, the rest from `defaults`.

import { type ArrayData, type ClassTargets, type ValueTargets, arrayDataset, arrayRegressionDataset } from '../data/array-dataset.js';
import type { Task } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { CONFIG_NAMES } from '../data/setting-names.js';
import { UserError } from '../errors.js';
import { ACTIVATIONS } from '../ops/activations.js';
import { NAMES, type ModelConfig, type OptimizerConfig, type TrainConfig } from './config.js';
import { checkTrainConfig } from './check-config.js';
import { defaultInit, defaultLearningRate, defaultThreads, defaults } from './defaults.js';
import type { DataReader, DatasetLoader } from './prepare.js';

/** The targets a task trains on: class labels, or numeric values for regression. */
export type TargetsOf<T extends Task> = T extends 'regression' ? ValueTargets : ClassTargets;

/** A run's data: `'mnist'`, a table file or an IDX folder, or rows given as arrays with their targets. */
export type DataSpec<T extends Task = Task> = string | ArrayData<TargetsOf<T>>;

/**
 * A training run's settings as train() takes them: `data` and, optionally, every setting of a
 * TrainConfig (the rest come from `defaults`, the output and loss by task); a TrainConfig is one.
 * Arrays may stand for the data, the test set and the validation set (class labels, or numeric
 * targets with `task: 'regression'`). Without `test`, `testSplit` of the rows are held out for testing.
 */
export type TrainSettings<T extends Task = Task> = Partial<Omit<TrainConfig, 'data' | 'test' | 'validation' | 'model' | 'optim' | 'task' | 'target' | 'ignore'>> & {
  /** The training data. */
  readonly data: DataSpec<T>;
  /** A separate test set; when absent, `testSplit` of `data` is held out. */
  readonly test?: DataSpec<T>;
  /** A separate validation set, scored after every epoch (and watched by `patience`); instead of `validationSplit`. */
  readonly validation?: DataSpec<T>;
  /** What the model learns: class labels (the default), or numeric targets (`regression`). */
  readonly task?: T;
  readonly model?: Partial<ModelConfig>;
  readonly optim?: Partial<OptimizerConfig>;
  /** A table's target column or columns, by header name or 0-based index (`'species'`, `4`, `['x', 'y']`); default: its last column not ignored. */
  readonly target?: Columns;
  /** A table's columns to leave out (ids), by header name or 0-based index. */
  readonly ignore?: Columns;
};

/** A table's column by header name or 0-based index, or a list of them. */
export type Columns = string | number | readonly (string | number)[];

/** A run's config with the defaults applied, how its data specs are read (arrays where they were given), and its settings spelt as config fields in messages. */
export interface ResolvedSettings extends DataReader {
  readonly config: TrainConfig;
}

/** The names `config.data`, `config.test` and `config.validation` take in the config (and in messages) when they are arrays. */
const ARRAY_SOURCES = { data: 'config.data', test: 'config.test', validation: 'config.validation' } as const;

/** Whether a data spec in a config names arrays given to train(), not a file. */
export function isArraySource(spec: string): boolean {
  return Object.values(ARRAY_SOURCES).some((source) => source === spec);
}

/** Every setting's key: a setting added to TrainConfig does not compile until it is listed, so that train() does not refuse it as unknown. */
const SETTING_KEYS: Readonly<Record<keyof TrainSettings, true>> = {
  data: true, test: true, task: true, model: true, optim: true, testSplit: true, stratify: true, shuffle: true, normalize: true,
  delimiter: true, header: true, target: true, ignore: true, batchSize: true, epochs: true, seed: true, threads: true, shards: true,
  normalizeTarget: true, classWeight: true, validationSplit: true, validation: true, patience: true,
};
/** The settings that say how to read a table file: with arrays alone they would be silently ignored. */
const TABLE_SETTINGS = ['target', 'ignore', 'delimiter', 'header'] as const;
const MODEL_KEYS: Readonly<Record<keyof ModelConfig, true>> = { layers: true, hidden: true, activation: true, output: true, loss: true, init: true, huberDelta: true };
const OPTIM_KEYS: Readonly<Record<keyof OptimizerConfig, true>> = {
  optimizer: true, lr: true, momentum: true, nesterov: true, weightDecay: true, schedule: true, stepSize: true, gamma: true,
};

/**
 * The TrainConfig `settings` ask for, every absent setting at its default (`normalize` auto is per-column
 * standard for arrays), checked: a UserError names the first field no run can use (`train: config.optim.lr
 * must be a positive number, got -1`), or a key that is no setting.
 */
export function resolveSettings(settings: TrainSettings): ResolvedSettings {
  const given = record(settings, 'config', 'an object of settings with at least its data');
  knownKeys(given, SETTING_KEYS, 'config');
  const model = given.model === undefined ? {} : record(given.model, 'config.model', 'an object of model settings');
  const optim = given.optim === undefined ? {} : record(given.optim, 'config.optim', 'an object of optimiser settings');
  knownKeys(model, MODEL_KEYS, 'config.model');
  knownKeys(optim, OPTIM_KEYS, 'config.optim');
  if (given.data === undefined) throw new UserError("train: config.data is missing: give the training data ('mnist', a file, or { features, targets })");
  const arrays = {
    data: arraysOf(given.data, 'data'),
    test: given.test === undefined ? undefined : arraysOf(given.test, 'test'),
    validation: given.validation === undefined ? undefined : arraysOf(given.validation, 'validation'),
  };
  const readsTable = (['data', 'test', 'validation'] as const).some((field) => typeof given[field] === 'string');
  const tableSetting = TABLE_SETTINGS.find((key) => given[key] !== undefined);
  if (!readsTable && tableSetting !== undefined) {
    throw new UserError(`train: config.${tableSetting} says how to read a table file, but the data given are arrays; leave it out`);
  }
  if (given.test !== undefined && given.testSplit !== undefined) {
    throw new UserError('train: config.testSplit has no effect beside config.test, which is the whole test set; give one or the other');
  }
  // A task that is none is refused by its own field below; until then it reads as classification.
  const task = (given.task ?? defaults.task) as Task;
  const regression = task === 'regression';
  const spec = (field: 'test' | 'validation'): string | undefined =>
    given[field] === undefined ? undefined : arrays[field] === undefined ? (given[field] as string) : ARRAY_SOURCES[field];
  const layers = model.layers;
  const activation = (model.activation ?? defaults.activation) as ModelConfig['activation'];
  const optimizer = (optim.optimizer ?? defaults.optimizer) as OptimizerConfig['optimizer'];
  // Built in the order the command line builds its config, so that both save the same checkpoint text.
  const config: TrainConfig = {
    model: {
      layers: [],
      // Given widths are the model's, whatever the hidden default says (as on the command line).
      hidden: Array.isArray(layers) && layers.length > 2 ? layers.slice(1, -1) : [...defaults.hidden],
      activation,
      output: regression ? defaults.regressionOutput : defaults.output,
      loss: regression ? defaults.regressionLoss : defaults.loss,
      // A name that is none is refused below, by its own field, before any default is read from it.
      init: Object.hasOwn(ACTIVATIONS, activation) ? defaultInit(activation) : 'he',
      ...model,
    },
    optim: {
      optimizer,
      lr: NAMES.optimizer.includes(optimizer) ? defaultLearningRate(optimizer) : defaults.adamLr,
      momentum: defaults.momentum,
      nesterov: defaults.nesterov,
      weightDecay: defaults.weightDecay,
      schedule: defaults.schedule,
      stepSize: defaults.stepSize,
      gamma: defaults.gamma,
      ...optim,
    },
    data: arrays.data === undefined ? (given.data as string) : ARRAY_SOURCES.data,
    test: spec('test'),
    testSplit: given.test === undefined ? (settings.testSplit ?? defaults.testSplit) : 0,
    stratify: settings.stratify ?? defaults.stratify,
    ...(given.validation === undefined ? {} : { validation: spec('validation') }),
    validationSplit: settings.validationSplit ?? defaults.validationSplit,
    task,
    // Each task's own setting at its default; the other task's, if given, is kept for checkTrainConfig to refuse.
    ...(regression || settings.normalizeTarget !== undefined ? { normalizeTarget: settings.normalizeTarget ?? defaults.normalizeTarget } : {}),
    ...(!regression || settings.classWeight !== undefined ? { classWeight: settings.classWeight ?? defaults.classWeight } : {}),
    shuffle: settings.shuffle ?? defaults.shuffle,
    normalize: settings.normalize ?? (arrays.data === undefined ? defaults.normalize : 'standard'),
    delimiter: settings.delimiter ?? defaults.delimiter,
    header: settings.header ?? defaults.header,
    target: columnList(given.target, 'target'),
    ignore: columnList(given.ignore, 'ignore'),
    batchSize: settings.batchSize ?? defaults.batchSize,
    epochs: settings.epochs ?? defaults.epochs,
    ...(settings.patience === undefined ? {} : { patience: settings.patience }),
    seed: settings.seed ?? defaults.seed,
    threads: settings.threads ?? defaultThreads(),
    shards: settings.shards,
  };
  checkTrainConfig(config);
  const load: DatasetLoader = (source, options) => {
    const rows = source === config.data ? arrays.data : source === config.test ? arrays.test : source === config.validation ? arrays.validation : undefined;
    if (rows === undefined) return loadDataset(source, options);
    return regression ? arrayRegressionDataset(rows as ArrayData<ValueTargets>, source) : arrayDataset(rows as ArrayData, source, options.classes, options.classesAre);
  };
  return { config, load, names: CONFIG_NAMES };
}

/** The column list a TrainConfig holds (names, and indices as the command line writes them) for a column or a list of them. */
function columnList(columns: unknown, field: 'target' | 'ignore'): string[] {
  if (columns === undefined) return [];
  const list: unknown = typeof columns === 'string' || typeof columns === 'number' ? [columns] : columns;
  const names: string[] = [];
  for (const column of Array.isArray(list) ? list : [undefined]) {
    if (typeof column === 'string') names.push(column);
    else if (typeof column === 'number' && Number.isSafeInteger(column) && column >= 0) names.push(String(column));
    else throw new UserError(`train: config.${field} must be a column name or 0-based index, or a list of them, got ${JSON.stringify(columns)}`);
  }
  return names;
}

/** The arrays `spec` gives (undefined for a file's name), or a UserError naming the field when it is neither. */
function arraysOf(spec: unknown, field: keyof typeof ARRAY_SOURCES): ArrayData<ClassTargets | ValueTargets> | undefined {
  if (typeof spec === 'string') return undefined;
  const what = `${field === 'data' ? "'mnist', " : ''}a table file, an IDX folder, or { features, targets }`;
  const rows = record(spec, `config.${field}`, what);
  if (rows.features === undefined || rows.targets === undefined) {
    throw new UserError(`train: config.${field} must be ${what}: it has no ${rows.features === undefined ? 'features' : 'targets'}`);
  }
  return rows as ArrayData<ClassTargets | ValueTargets>;
}

/** `value` as a record of settings, or a UserError saying what `field` must be. */
function record(value: unknown, field: string, what: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value)) return value as Record<string, unknown>;
  const shown = value === undefined ? 'undefined' : Array.isArray(value) ? 'an array' : JSON.stringify(value);
  throw new UserError(`train: ${field} must be ${what}, got ${shown}`);
}

/** Throws a UserError naming the first key of `given` that is none of `known`'s, and the keys there are. */
function knownKeys(given: Record<string, unknown>, known: Readonly<Record<string, true>>, field: string): void {
  const unknown = Object.keys(given).find((key) => !Object.hasOwn(known, key));
  if (unknown !== undefined) throw new UserError(`train: ${field}.${unknown} is not a setting (the settings: ${Object.keys(known).join(', ')})`);
}
