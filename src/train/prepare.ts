// From a TrainConfig to normalised training and test sets and the network's widths.

import type { Dataset } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { type Normalization, applyNormalization, fitNormalization } from '../data/normalization.js';
import { checkModelFitsData } from '../data/check-model-fits-data.js';
import { splitDataset } from '../data/split-dataset.js';
import { Random } from '../tensor/random.js';
import { UserError } from '../errors.js';
import type { TrainConfig } from './config.js';

/** Hidden widths of the default model, used when --layers is not given. */
export const DEFAULT_HIDDEN = [256, 128] as const;

/** The data of a run, ready to train on. */
export interface PreparedData {
  readonly train: Dataset;
  readonly test: Dataset;
  readonly normalization: Normalization;
  /** Layer widths, input first. */
  readonly widths: number[];
}

/** Loads, splits (or reads --test), fits the normalisation on the training set, and resolves the widths. */
export function prepareData(config: TrainConfig, normalization?: Normalization): PreparedData {
  const data = loadDataset(config.data);
  const { train, test } =
    config.test === undefined
      ? splitDataset(data, config.testSplit, config.shuffle ? Random.stream(config.seed, 'split') : null)
      : { train: data, test: loadDataset(config.test) };
  const norm = normalization ?? fitNormalization(train, config.normalize);
  const classes = Math.max(train.classCount, test.classCount);
  const widths = config.model.layers.length > 0 ? [...config.model.layers] : [train.featureCount, ...DEFAULT_HIDDEN, classes];
  // Whole files rather than the split's parts, so that a label too large is named at its first line.
  checkModelFitsData(widths, data);
  if (test.featureCount !== train.featureCount) {
    throw new UserError(`${test.source} has ${test.featureCount} features; the training data ${train.source} has ${train.featureCount}`);
  }
  if (config.test !== undefined) checkModelFitsData(widths, test);
  return { train: applyNormalization(norm, train), test: applyNormalization(norm, test), normalization: norm, widths };
}
