// `einprop predict`: a saved model's prediction for each row of a dataset (an original label, class probabilities, or values), to stdout or a file.

import type { Argv, CommandModule, Options } from 'yargs';
import { labelValue } from '../data/class-labels.js';
import { csvCell } from '../data/csv.js';
import { type Dataset, makeDataset } from '../data/dataset.js';
import { shortestFloat32 } from '../data/float32-text.js';
import { isTableSpec, loadDataset } from '../data/load-dataset.js';
import { applyNormalization } from '../data/normalization.js';
import { readTable } from '../data/read-table.js';
import { unscaledOutputs } from '../data/target-scaling.js';
import { Interrupted, UserError } from '../errors.js';
import { atomicWrite } from '../io/atomic-write.js';
import { type FileLock, lockFile } from '../io/file-lock.js';
import { checkOutputFile } from '../io/output-file.js';
import { largestOutputs } from '../train/evaluate.js';
import { badFlag, boolean, text } from './flag-values.js';
import { PROBABILITY_OUTPUTS } from '../model/model-parts.js';
import { MODEL_FILE_HELP, type SavedModel, inputWidth, loadModel, modelFlagOptions, normalizationFor, outputWidth, toModelFlags } from './model-file.js';
import { flagLookup } from './options.js';
import { toGlobalFlags } from './flag-definitions.js';
import { type ReadingFlags, modelTableOptions, readingFlagOptions, readingFlags } from './reading-flags.js';
import { printResult } from './output.js';
import { predictOutputsStoppably } from './predict-outputs-stoppably.js';
import { checkOutput } from './run-files.js';
import { StopSignals, stoppedBy } from './stop-signals.js';

/** The flags of `einprop predict`. */
export const predictOptions = {
  model: { type: 'string', requiresArg: true, describe: `${MODEL_FILE_HELP} (required)` },
  data: {
    type: 'string',
    requiresArg: true,
    describe: "'mnist', an IDX folder, or a table whose rows hold the model's inputs, with or without its target and ignored columns (required)",
  },
  ...readingFlagOptions,
  proba: {
    type: 'boolean',
    describe: "a classifier's class probabilities, as CSV: a header of the class labels, then one row per input row (a softmax or sigmoid output)",
    defaultDescription: 'false: one label per row',
  },
  out: { type: 'string', requiresArg: true, describe: 'write what stdout would get to this file instead, atomically', defaultDescription: 'stdout' },
  config: { type: 'string', requiresArg: true, describe: 'a JSON file of these flags, e.g. {"model": "m.safetensors", "proba": true}; flags override it' },
  ...modelFlagOptions,
} as const satisfies Record<string, Options>;

/** The keys a predict --config file may hold. */
const PREDICT_KEYS = Object.keys(predictOptions).filter((key) => key !== 'config');

/** What predict prints for its rows: text for stdout or --out, and the JSON value of --json. */
interface Printed {
  readonly text: string;
  readonly json: object;
}

/**
 * Prints one prediction per input row, in the data's order: its original label; with --proba a CSV of the class
 * probabilities; in regression a comma-separated row of values in the targets' units. --json prints one JSON value
 * (an array of labels, `{ classes, probabilities }`, or an array of value rows); --out writes it to a file instead.
 */
export const predictCommand: CommandModule = {
  command: 'predict',
  describe: "print a saved model's prediction for each row of a dataset: its class (or probabilities), or in regression its values",
  builder: (yargs: Argv) => yargs.options(predictOptions),
  handler: async (argv) => {
    const flag = flagLookup(argv, undefined, PREDICT_KEYS);
    // Required, but from the command line or the --config file: yargs cannot see the file.
    const modelFlag = flag('model');
    const dataFlag = flag('data');
    if (modelFlag === undefined || dataFlag === undefined) {
      const missing = [modelFlag === undefined ? '--model' : '', dataFlag === undefined ? '--data' : ''].filter((name) => name !== '');
      throw new UserError(`${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} required (see einprop predict --help)`, 2);
    }
    const modelPath = text(modelFlag);
    const data = text(dataFlag);
    const probaFlag = flag('proba');
    const proba = probaFlag === undefined ? false : boolean(probaFlag);
    const outFlag = flag('out');
    const out = outFlag === undefined ? undefined : text(outFlag);
    const json = toGlobalFlags(argv).json;
    // Every check of the output file, and its lock, before any work: a mistyped --out loses nothing.
    let lock: FileLock | undefined;
    if (out !== undefined && outFlag !== undefined) {
      checkOutput({ flag: outFlag.where, path: out }, [
        { flag: '--model', path: modelPath },
        { flag: '--data', path: data },
      ]);
      lock = lockFile(checkOutputFile(out, outFlag.where), outFlag.where, out, 'predict');
    }
    try {
      const model = loadModel(modelPath, toModelFlags(flag));
      if (proba) checkProbabilities(model, probaFlag?.where ?? '--proba');
      // While the data loads a signal ends the process at once; once predicting starts, it stops with a message.
      const stop = new StopSignals();
      const printed = await predictRows(model, data, readingFlags(flag), { proba }, stop).finally(() => stop.close());
      if (printed === undefined) throw new Interrupted(`interrupted${stoppedBy(stop.stoppedBy)}: predict stopped before every row; nothing ${out === undefined ? 'printed' : 'written'}`, stop.exitCode);
      if (out === undefined) printResult(json, printed.json, printed.text);
      else atomicWrite(out, json ? `${JSON.stringify(printed.json)}\n` : `${printed.text}\n`);
    } finally {
      lock?.release();
    }
  },
};

/** Throws a usage error unless the model's outputs are probabilities: a classifier with a softmax or sigmoid output. */
function checkProbabilities(model: SavedModel, where: string): void {
  if (model.config?.task === 'regression') throw badFlag(where, `prints class probabilities, but ${model.path} is a regression model (it predicts values)`);
  const output = model.spec.output;
  if (!PROBABILITY_OUTPUTS.includes(output)) {
    throw badFlag(where, `prints class probabilities, which a softmax or sigmoid output gives; ${model.path} has a ${output} output, whose values are not probabilities`);
  }
}

/**
 * The model's prediction for each row of `data`, normalised with the model's stored normalisation (for weights from
 * elsewhere with --normalize, one fitted to these rows), as text and as
 * JSON: its original label (or with `proba` its class probabilities), or in regression its values in the targets' units.
 * With `stop`, its signals are caught once the rows are loaded: undefined if one comes before every row is predicted.
 */
export async function predictRows(
  model: SavedModel,
  data: string,
  reading: ReadingFlags = {},
  options: { readonly proba?: boolean } = {},
  stop?: StopSignals,
): Promise<Printed | undefined> {
  const rows = inputsFor(model, data, reading);
  if (rows.featureCount !== inputWidth(model)) {
    throw new UserError(`${rows.source} has ${rows.featureCount} features per row, but ${model.path} takes ${inputWidth(model)} inputs`);
  }
  stop?.listen();
  const outputs = await predictOutputsStoppably(model.network, applyNormalization(normalizationFor(model, rows), rows), stop?.signal);
  if (outputs === undefined) return undefined;
  const width = outputWidth(model);
  if (model.config?.task === 'regression') {
    const values = unscaledOutputs(model.targetScaling, outputs, rows.count, width);
    const table = valueRows(values, rows.count, width);
    return { text: table.map((row) => row.join(',')).join('\n'), json: table.map((row) => row.map(Number)) };
  }
  const classes = model.schema.classes;
  if (options.proba === true) {
    const table = valueRows(outputs, rows.count, width);
    const header = classes.map(csvCell).join(',');
    return { text: [header, ...table.map((row) => row.join(','))].join('\n'), json: { classes: classes.map(labelValue), probabilities: table.map((row) => row.map(Number)) } };
  }
  const labels = Array.from(largestOutputs(outputs, rows.count, width), (k) => classes[k]);
  return { text: labels.join('\n'), json: labels.map(labelValue) };
}

/** `count` rows of `width` values as text, each the shortest that reads back as the same float32. */
function valueRows(values: ArrayLike<number>, count: number, width: number): string[][] {
  const rows: string[][] = [];
  for (let r = 0; r < count; r++) {
    const row: string[] = [];
    for (let k = 0; k < width; k++) row.push(shortestFloat32(Math.fround(values[r * width + k])));
    rows.push(row);
  }
  return rows;
}

/** The rows of `spec`: a table read as the model's training table was, with or without its target; other kinds as train loads them. */
function inputsFor(model: SavedModel, spec: string, reading: ReadingFlags): Dataset {
  if (!isTableSpec(spec)) return loadDataset(spec);
  const table = readTable(spec, modelTableOptions(model, reading, false));
  // Prediction reads only the features: the rows get placeholder labels, which nothing reads.
  return makeDataset(table.features, new Int32Array(table.count), table.featureCount, table.source);
}
