// From a TrainConfig to normalised training, validation and test sets, the network's widths and what a model keeps of its data.

import { checkModelFitsData } from '../data/check-model-fits-data.js';
import { balancedClassWeights } from '../data/class-weights.js';
import type { LoadOptions } from '../data/csv.js';
import type { DataSchema } from '../data/data-schema.js';
import { type ClassificationDataset, type Dataset, outputCount } from '../data/dataset.js';
import { loadDataset, resolveNormalize } from '../data/load-dataset.js';
import { type Normalization, applyNormalization, fitNormalization } from '../data/normalization.js';
import { FLAG_NAMES, type SettingNames } from '../data/setting-names.js';
import { splitDataset } from '../data/split-dataset.js';
import type { TableOptions } from '../data/table-options.js';
import { type TargetScaling, fitTargetScaling } from '../data/target-scaling.js';
import { UserError } from '../errors.js';
import { Random } from '../tensor/random.js';
import type { TrainConfig } from './config.js';
import { defaults } from './defaults.js';

/** The data of a run, ready to train on: features normalised, targets in their own units (scaled where they are copied for training). */
export interface PreparedData {
  readonly train: Dataset;
  readonly test: Dataset;
  /** The rows held out for validation (--validation-split, or the --validation file); null without. */
  readonly validation: Dataset | null;
  readonly normalization: Normalization;
  /** Regression: the targets' scaling, fitted on the training rows (null: none, and always in classification). */
  readonly targetScaling: TargetScaling | null;
  /** Classification with --class-weight balanced: each class's weight in the loss (null: none). */
  readonly classWeights: readonly number[] | null;
  /** Layer widths, input first. */
  readonly widths: number[];
  /** The labels of the outputs and the table's layout, for the checkpoint. */
  readonly schema: DataSchema;
}

/** Reads a data spec as `loadDataset` does: a run whose data are arrays reads them through one of its own. */
export type DatasetLoader = (spec: string, options: LoadOptions) => Dataset;

/** How a run reads its data specs, and how its messages spell the settings: the command line's, or train()'s from code. */
export interface DataReader {
  readonly load: DatasetLoader;
  readonly names: SettingNames;
}

/** The command line's reader: files and 'mnist' through loadDataset, settings named by their flags. */
export const FLAG_READER: DataReader = { load: loadDataset, names: FLAG_NAMES };

/** What a trained model already fixed about its data: a resumed run's, or a saved model's. */
export interface Fitted {
  readonly normalization: Normalization;
  /** Absent for a model saved without one: then the data's own classes are used. */
  readonly schema?: DataSchema;
  /** Regression: the targets' scaling (absent: fitted on the training rows). */
  readonly targetScaling?: TargetScaling | null;
  /** The class weights (absent: computed as the config says). */
  readonly classWeights?: readonly number[] | null;
}

/**
 * Loads (through `reader.load`), splits (or reads --test), holds out the validation rows (or reads --validation), fits the
 * normalisation (and in regression the target scaling, with --class-weight the class weights) on the
 * training rows, and resolves the widths. The classes are the training data's own, mapped to outputs in
 * order (see encodeClasses), unless `fitted` fixes them; either way a held-out row whose class is not
 * among them is an error naming it; messages name settings as `reader.names` spell them.
 */
export function prepareData(config: TrainConfig, fitted?: Fitted, reader: DataReader = FLAG_READER): PreparedData {
  const { load, names } = reader;
  const task = config.task ?? 'classification';
  const known = task === 'classification' ? fitted?.schema?.classes : undefined;
  const reading = tableOptions(config, names);
  const data = load(config.data, { ...reading, task, classes: known, classesAre: "the model's classes" });
  const stratify = config.stratify ?? false;
  const random = (purpose: string): Random | null => (config.shuffle ? Random.stream(config.seed, purpose) : null);
  const heldOut = (spec: string, train: Dataset): Dataset => load(spec, { ...reading, ...classesOf(train) });
  const { train: rest, test } = config.test === undefined ? splitDataset(data, config.testSplit, random('split'), stratify) : { train: data, test: heldOut(config.test, data) };
  const validationSplit = config.validationSplit ?? 0;
  // Validation rows come out of the training rows by a stream of their own: the test split keeps its rows with or without them.
  const { train, test: validation }: { train: Dataset; test: Dataset | null } =
    config.validation !== undefined
      ? { train: rest, test: heldOut(config.validation, data) }
      : validationSplit > 0
        ? splitDataset(rest, validationSplit, random('validation'), stratify, 'validation')
        : { train: rest, test: null };
  if (validation !== null && validation.count === 0) {
    throw new UserError(`${rest.source}: a validation split of ${validationSplit} holds out none of the ${rest.count} training rows; give a larger share`);
  }
  if (known === undefined && train.task === 'classification') checkTrainingClasses(train, { test, validation }, names);
  const norm = fitted?.normalization ?? fitNormalization(train, resolveNormalize(config.normalize, config.data));
  const { layers, hidden } = config.model;
  const widths = layers.length > 0 ? [...layers] : [train.featureCount, ...(hidden ?? defaults.hidden), outputCount(train)];
  checkModelFitsData(widths, train, names);
  for (const other of [test, validation]) {
    if (other !== null && other.featureCount !== train.featureCount) {
      throw new UserError(`${other.source} has ${other.featureCount} features; the training data ${train.source} has ${train.featureCount}`);
    }
    if (other !== null) checkModelFitsData(widths, other, names);
  }
  return {
    train: applyNormalization(norm, train),
    test: applyNormalization(norm, test),
    validation: validation === null ? null : applyNormalization(norm, validation),
    normalization: norm,
    targetScaling: train.task === 'regression' ? (fitted?.targetScaling !== undefined ? fitted.targetScaling : fitTargetScaling(train, config.normalizeTarget ?? 'standard')) : null,
    classWeights: train.task === 'classification' && config.classWeight === 'balanced' ? (fitted?.classWeights ?? balancedClassWeights(train.labels, train.classCount)) : null,
    widths,
    schema: { classes: train.task === 'classification' ? train.classes : [], table: data.layout ?? null },
  };
}

/** How the run's table files are read, and their messages name its settings. */
function tableOptions(config: TrainConfig, names: SettingNames): TableOptions & Pick<LoadOptions, 'task'> {
  return { delimiter: config.delimiter, header: config.header, target: config.target, ignore: config.ignore, task: config.task, names };
}

/** How a held-out file's targets are read: as the training rows' classes (a class that is none of them is an error), or as values. */
function classesOf(train: Dataset): LoadOptions {
  return train.task === 'classification' ? { classes: train.classes, classesAre: `the classes of the training data ${train.source}` } : {};
}

/**
 * Throws a UserError unless the training rows hold every class (a class of the data that only
 * held-out rows have could never be learnt) and at least two of them.
 */
function checkTrainingClasses(train: ClassificationDataset, heldOut: Readonly<Record<'test' | 'validation', Dataset | null>>, names: SettingNames): void {
  const seen = new Uint8Array(train.classCount);
  for (let r = 0; r < train.count; r++) seen[train.labels[r]] = 1;
  const missing = seen.indexOf(0);
  for (const [name, part] of Object.entries(heldOut)) {
    if (missing < 0 || part === null || part.task !== 'classification') continue;
    const row = part.labels.indexOf(missing);
    if (row < 0) continue;
    const place = part.lines === undefined ? '' : ` (${part.source}:${part.lines[row]})`;
    throw new UserError(
      `class ${JSON.stringify(train.classes[missing])} is only in the ${name} rows${place}: no training row has it; ` +
        `give ${names.stratify} to keep each class in both, or a smaller ${name === 'test' ? names.testSplit : names.validationSplit}`,
    );
  }
  if (train.classCount < 2) {
    throw new UserError(`${train.source}: every training row has the class ${JSON.stringify(train.classes[0])}; a classifier needs two classes or more`);
  }
}
