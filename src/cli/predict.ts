// `einprop predict`: a saved model's predicted class for each row of a dataset, one per line (or a JSON array).

import type { Argv, CommandModule, Options } from 'yargs';
import { loadCsvFeatures } from '../data/csv.js';
import { type Dataset, makeDataset } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { applyNormalization } from '../data/normalization.js';
import { Interrupted, UserError } from '../errors.js';
import { once, text } from './flag-values.js';
import { MODEL_FILE_HELP, type SavedModel, inputWidth, loadModel, modelFlagOptions, normalizationFor, toModelFlags } from './model-file.js';
import { toGlobalFlags } from './options.js';
import { printResult } from './output.js';
import { predictClassesStoppably } from './predict-classes-stoppably.js';
import { StopSignals, stoppedBy } from './stop-signals.js';

/** The flags of `einprop predict`. */
export const predictOptions = {
  model: { type: 'string', requiresArg: true, demandOption: true, describe: MODEL_FILE_HELP },
  data: {
    type: 'string',
    requiresArg: true,
    demandOption: true,
    describe: "'mnist', an IDX folder, or a CSV file whose rows are the model's inputs, with or without a label after them",
  },
  ...modelFlagOptions,
} as const satisfies Record<string, Options>;

/** Prints one predicted class per input row, in the data's order; with --json, one array of them. */
export const predictCommand: CommandModule = {
  command: 'predict',
  describe: "print a saved model's predicted class for each row of a dataset",
  builder: (yargs: Argv) => yargs.options(predictOptions),
  handler: async (argv) => {
    const modelPath = text({ raw: once('model', argv.model), where: '--model' });
    const data = text({ raw: once('data', argv.data), where: '--data' });
    // While the data loads a signal ends the process at once; once predicting starts, it stops with a message.
    const stop = new StopSignals();
    const predictions = await predictRows(loadModel(modelPath, toModelFlags(argv)), data, stop).finally(() => stop.close());
    if (predictions === undefined) throw new Interrupted(`interrupted${stoppedBy(stop.stoppedBy)}: predict stopped before every row; nothing printed`, stop.exitCode);
    printResult(toGlobalFlags(argv).json, predictions, predictions.join('\n'));
  },
};

/**
 * The model's predicted class for each row of `data`, normalised with the model's stored normalisation
 * (for weights from elsewhere with --normalize, one fitted to these rows).
 * With `stop`, its signals are caught once the rows are loaded: undefined if one comes before every row is predicted.
 */
export async function predictRows(
  model: SavedModel,
  data: string,
  stop?: StopSignals,
): Promise<number[] | undefined> {
  const rows = inputsFor(data, inputWidth(model));
  if (rows.featureCount !== inputWidth(model)) {
    throw new UserError(`${rows.source} has ${rows.featureCount} features per row, but ${model.path} takes ${inputWidth(model)} inputs`);
  }
  const normalized = applyNormalization(normalizationFor(model, rows), rows);
  stop?.listen();
  const predictions = await predictClassesStoppably(model.network, normalized, stop?.signal);
  return predictions === undefined ? undefined : Array.from(predictions);
}

/** The rows of `spec`: a CSV may leave out the label column; other kinds load as train loads them. */
function inputsFor(spec: string, width: number): Dataset {
  if (!/\.csv$/i.test(spec)) return loadDataset(spec);
  const csv = loadCsvFeatures(spec, width);
  // Prediction reads only the features: rows without labels get placeholder zeros, which nothing reads.
  return makeDataset(csv.features, csv.labels ?? new Int32Array(csv.count), csv.featureCount, csv.source);
}
