// From a TrainConfig to normalised training and test sets, the network's widths and what a model keeps of its data.

import { checkModelFitsData } from '../data/check-model-fits-data.js';
import type { LoadOptions } from '../data/csv.js';
import type { DataSchema } from '../data/data-schema.js';
import type { Dataset } from '../data/dataset.js';
import { loadDataset, resolveNormalize } from '../data/load-dataset.js';
import { type Normalization, applyNormalization, fitNormalization } from '../data/normalization.js';
import { splitDataset } from '../data/split-dataset.js';
import type { TableOptions } from '../data/table-options.js';
import { UserError } from '../errors.js';
import { Random } from '../tensor/random.js';
import type { TrainConfig } from './config.js';
import { defaults } from './defaults.js';

/** The data of a run, ready to train on. */
export interface PreparedData {
  readonly train: Dataset;
  readonly test: Dataset;
  readonly normalization: Normalization;
  /** Layer widths, input first. */
  readonly widths: number[];
  /** The labels of the outputs and the table's layout, for the checkpoint. */
  readonly schema: DataSchema;
}

/** Reads a data spec as `loadDataset` does: a run whose data are arrays reads them through one of its own. */
export type DatasetLoader = (spec: string, options: LoadOptions) => Dataset;

/** What a trained model already fixed about its data: a resumed run's, or a saved model's. */
export interface Fitted {
  readonly normalization: Normalization;
  /** Absent for a model saved without one: then the data's own classes are used. */
  readonly schema?: DataSchema;
}

/**
 * Loads (through `load`), splits (or reads --test), fits the normalisation on the training set, and resolves the widths.
 * The classes are the training data's own, mapped to outputs in order (see encodeClasses), unless
 * `fitted` fixes them; either way a test row whose class is not among them is an error naming it.
 */
export function prepareData(config: TrainConfig, fitted?: Fitted, load: DatasetLoader = loadDataset): PreparedData {
  const known = fitted?.schema?.classes;
  const reading = tableOptions(config);
  const data = load(config.data, { ...reading, classes: known, classesAre: "the model's classes" });
  let train: Dataset;
  let test: Dataset;
  if (config.test === undefined) {
    ({ train, test } = splitDataset(data, config.testSplit, config.shuffle ? Random.stream(config.seed, 'split') : null, config.stratify ?? false));
    if (known === undefined) checkTrainingClasses(train, test);
  } else {
    train = data;
    if (known === undefined) checkTrainingClasses(train, undefined);
    const testOptions: LoadOptions = { ...reading, classes: train.classes, classesAre: `the classes of the training data ${train.source}` };
    test = load(config.test, testOptions);
  }
  const norm = fitted?.normalization ?? fitNormalization(train, resolveNormalize(config.normalize, config.data));
  const { layers, hidden } = config.model;
  const widths = layers.length > 0 ? [...layers] : [train.featureCount, ...(hidden ?? defaults.hidden), train.classCount];
  checkModelFitsData(widths, train);
  if (test.featureCount !== train.featureCount) {
    throw new UserError(`${test.source} has ${test.featureCount} features; the training data ${train.source} has ${train.featureCount}`);
  }
  return {
    train: applyNormalization(norm, train),
    test: applyNormalization(norm, test),
    normalization: norm,
    widths,
    schema: { classes: train.classes, table: data.layout ?? null },
  };
}

/** How the run's table files are read. */
function tableOptions(config: TrainConfig): TableOptions {
  return { delimiter: config.delimiter, header: config.header, target: config.target, ignore: config.ignore };
}

/**
 * Throws a UserError unless the training rows hold every class (a class of the data that only
 * test rows have could never be learnt) and at least two of them.
 */
function checkTrainingClasses(train: Dataset, test: Dataset | undefined): void {
  const seen = new Uint8Array(train.classCount);
  for (let r = 0; r < train.count; r++) seen[train.labels[r]] = 1;
  const missing = seen.indexOf(0);
  if (missing >= 0 && test !== undefined) {
    const row = test.labels.indexOf(missing);
    const place = test.lines === undefined ? '' : ` (${test.source}:${test.lines[row]})`;
    throw new UserError(
      `class ${JSON.stringify(train.classes[missing])} is only in the test rows${place}: no training row has it; ` +
        'give --stratify to keep each class in both, or a smaller --test-split',
    );
  }
  if (train.classCount < 2) {
    throw new UserError(`${train.source}: every training row has the class ${JSON.stringify(train.classes[0])}; a classifier needs two classes or more`);
  }
}
