// `einprop predict`: a saved model's predicted class for each row of a dataset, one original label per line (or a JSON array).

import type { Argv, CommandModule, Options } from 'yargs';
import { labelValue } from '../data/class-labels.js';
import { type Dataset, makeDataset } from '../data/dataset.js';
import { isTableSpec, loadDataset } from '../data/load-dataset.js';
import { applyNormalization } from '../data/normalization.js';
import { readTable } from '../data/read-table.js';
import { labelLastLayout } from '../data/table-layout.js';
import type { DelimiterName, HeaderMode } from '../data/table-options.js';
import { Interrupted, UserError } from '../errors.js';
import { delimiterName } from './data-flags.js';
import { choice, once, text } from './flag-values.js';
import { MODEL_FILE_HELP, type SavedModel, inputWidth, loadModel, modelFlagOptions, normalizationFor, toModelFlags } from './model-file.js';
import { flagChoices, toGlobalFlags, trainingOptions } from './options.js';
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
    describe: "'mnist', an IDX folder, or a table whose rows hold the model's inputs, with or without its target and ignored columns",
  },
  delimiter: { ...trainingOptions.delimiter, defaultDescription: "the model's (auto: detected)" },
  header: { ...trainingOptions.header, defaultDescription: "the model's (auto)" },
  ...modelFlagOptions,
} as const satisfies Record<string, Options>;

/** How `predict` and `eval` read a table when they are told otherwise than the model's settings. */
export interface ReadingFlags {
  readonly delimiter?: DelimiterName;
  readonly header?: HeaderMode;
}

/** Prints one predicted class per input row, in the data's order, as its original label; with --json, one array of them. */
export const predictCommand: CommandModule = {
  command: 'predict',
  describe: "print a saved model's predicted class for each row of a dataset",
  builder: (yargs: Argv) => yargs.options(predictOptions),
  handler: async (argv) => {
    const modelPath = text({ raw: once('model', argv.model), where: '--model' });
    const data = text({ raw: once('data', argv.data), where: '--data' });
    // While the data loads a signal ends the process at once; once predicting starts, it stops with a message.
    const stop = new StopSignals();
    const predictions = await predictRows(loadModel(modelPath, toModelFlags(argv)), data, readingFlags(argv), stop).finally(() => stop.close());
    if (predictions === undefined) throw new Interrupted(`interrupted${stoppedBy(stop.stoppedBy)}: predict stopped before every row; nothing printed`, stop.exitCode);
    printResult(toGlobalFlags(argv).json, predictions.map(labelValue), predictions.join('\n'));
  },
};

/** The --delimiter and --header given to predict or eval. */
export function readingFlags(argv: Readonly<Record<string, unknown>>): ReadingFlags {
  return {
    ...(argv.delimiter === undefined ? {} : { delimiter: delimiterName({ raw: once('delimiter', argv.delimiter), where: '--delimiter' }) }),
    ...(argv.header === undefined ? {} : { header: choice({ raw: once('header', argv.header), where: '--header' }, flagChoices.header) }),
  };
}

/**
 * The model's predicted class, as its original label, for each row of `data`, normalised with the model's
 * stored normalisation (for weights from elsewhere with --normalize, one fitted to these rows).
 * With `stop`, its signals are caught once the rows are loaded: undefined if one comes before every row is predicted.
 */
export async function predictRows(model: SavedModel, data: string, reading: ReadingFlags = {}, stop?: StopSignals): Promise<string[] | undefined> {
  const rows = inputsFor(model, data, reading);
  if (rows.featureCount !== inputWidth(model)) {
    throw new UserError(`${rows.source} has ${rows.featureCount} features per row, but ${model.path} takes ${inputWidth(model)} inputs`);
  }
  const classes = model.schema.classes;
  const normalized = applyNormalization(normalizationFor(model, rows), rows);
  stop?.listen();
  const predictions = await predictClassesStoppably(model.network, normalized, stop?.signal);
  return predictions === undefined ? undefined : Array.from(predictions, (k) => classes[k]);
}

/** The rows of `spec`: a table read as the model's training table was, with or without its target; other kinds as train loads them. */
function inputsFor(model: SavedModel, spec: string, reading: ReadingFlags): Dataset {
  if (!isTableSpec(spec)) return loadDataset(spec);
  const width = inputWidth(model);
  const table = readTable(spec, {
    delimiter: reading.delimiter ?? model.config?.delimiter,
    header: reading.header ?? model.config?.header,
    like: { layout: model.schema.table ?? labelLastLayout(width), featureCount: width, targetNeeded: false },
  });
  // Prediction reads only the features: the rows get placeholder labels, which nothing reads.
  return makeDataset(table.features, new Int32Array(table.count), table.featureCount, table.source);
}
