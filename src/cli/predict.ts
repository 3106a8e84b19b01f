// `einprop predict`: a saved model's predicted class for each row of a dataset, one per line (or a JSON array).

import type { Argv, CommandModule, Options } from 'yargs';
import { loadCsvFeatures } from '../data/csv.js';
import { type Dataset, makeDataset } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { applyNormalization } from '../data/normalization.js';
import { UserError } from '../errors.js';
import { predictClasses } from '../train/evaluate.js';
import { once, text } from './flag-values.js';
import { type SavedModel, inputWidth, loadModel } from './model-file.js';
import { toGlobalFlags } from './options.js';
import { printResult } from './output.js';

/** The flags of `einprop predict`. */
export const predictOptions = {
  model: { type: 'string', requiresArg: true, demandOption: true, describe: 'a checkpoint written by train --save' },
  data: {
    type: 'string',
    requiresArg: true,
    demandOption: true,
    describe: "'mnist', an IDX folder, or a CSV file whose rows are the model's inputs, with or without a label after them",
  },
} as const satisfies Record<string, Options>;

/** Prints one predicted class per input row, in the data's order; with --json, one array of them. */
export const predictCommand: CommandModule = {
  command: 'predict',
  describe: "print a saved model's predicted class for each row of a dataset",
  builder: (yargs: Argv) => yargs.options(predictOptions),
  handler: (argv) => {
    const modelPath = text({ raw: once('model', argv.model), where: '--model' });
    const data = text({ raw: once('data', argv.data), where: '--data' });
    const predictions = predictRows(loadModel(modelPath), data);
    printResult(toGlobalFlags(argv).json, predictions, predictions.join('\n'));
  },
};

/** The model's predicted class for each row of `data`, normalised with the model's stored normalisation. */
export function predictRows(model: SavedModel, data: string): number[] {
  const rows = inputsFor(data, inputWidth(model));
  if (rows.featureCount !== inputWidth(model)) {
    throw new UserError(`${rows.source} has ${rows.featureCount} features per row, but ${model.path} takes ${inputWidth(model)} inputs`);
  }
  return Array.from(predictClasses(model.network, applyNormalization(model.normalization, rows)));
}

/** The rows of `spec`: a CSV may leave out the label column; other kinds load as train loads them. */
function inputsFor(spec: string, width: number): Dataset {
  if (!/\.csv$/i.test(spec)) return loadDataset(spec);
  const csv = loadCsvFeatures(spec, width);
  // Prediction reads only the features: rows without labels get placeholder zeros, which nothing reads.
  return makeDataset(csv.features, csv.labels ?? new Int32Array(csv.count), csv.featureCount, csv.source);
}
