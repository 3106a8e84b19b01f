// `einprop eval`: a saved model's accuracy and confusion matrix on a dataset, normalised as its training data was.

import { existsSync } from 'node:fs';
import type { Argv, CommandModule, Options } from 'yargs';
import { checkModelFitsData } from '../data/check-model-fits-data.js';
import { labelValue } from '../data/class-labels.js';
import type { Dataset } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { labelLastLayout } from '../data/table-layout.js';
import { applyNormalization } from '../data/normalization.js';
import { Interrupted, UserError } from '../errors.js';
import { confusionMatrix } from '../train/evaluate.js';
import type { TrainConfig } from '../train/config.js';
import { prepareData } from '../train/prepare.js';
import { badFlag, choice, once, text } from './flag-values.js';
import { MODEL_FILE_HELP, type SavedModel, inputWidth, loadModel, modelFlagOptions, normalizationFor, outputWidth, toModelFlags } from './model-file.js';
import { predictOptions, type ReadingFlags, readingFlags } from './predict.js';
import { sameDataset } from './run-files.js';
import { toGlobalFlags } from './options.js';
import { printResult } from './output.js';
import { textTable } from './text-table.js';
import { predictClassesStoppably } from './predict-classes-stoppably.js';
import { StopSignals, stoppedBy } from './stop-signals.js';

const SPLITS = ['test', 'train', 'all'] as const;

/** Which rows of the data `eval` scores: those train held out, those it trained on, or every row. */
export type EvalSplit = (typeof SPLITS)[number];

/** The flags of `einprop eval`. */
export const evalOptions = {
  model: { type: 'string', requiresArg: true, demandOption: true, describe: MODEL_FILE_HELP },
  data: {
    type: 'string',
    requiresArg: true,
    describe: "'mnist', a CSV file or an IDX folder, normalised with the model's stored normalisation",
    defaultDescription: "the model's --test file, else its --data",
  },
  split: {
    type: 'string',
    requiresArg: true,
    describe:
      "test: the rows train held out (the model's --test-split and --seed pick them again); train: the rest; all: every row",
    defaultDescription: 'test on the data the model was trained on with --test-split, else all',
  },
  delimiter: predictOptions.delimiter,
  header: predictOptions.header,
  ...modelFlagOptions,
} as const satisfies Record<string, Options>;

/** What `einprop eval --json` prints. */
export interface EvalResult {
  /** Correct predictions over samples, computed as train computes its test accuracy. */
  readonly accuracy: number;
  readonly correct: number;
  readonly samples: number;
  readonly classes: number;
  /** The original label of each class, in output order (numbers where they are numbers): the rows and columns of the matrix. */
  readonly labels: (string | number)[];
  readonly data: string;
  readonly split: EvalSplit;
  readonly model: string;
  /** confusion_matrix[true class][predicted class]: counts. */
  readonly confusion_matrix: number[][];
}

/** Scores a checkpoint on a dataset; with --json, one object (see `EvalResult`). */
export const evalCommand: CommandModule = {
  command: 'eval',
  describe: "report a saved model's accuracy and confusion matrix on a dataset",
  builder: (yargs: Argv) => yargs.options(evalOptions),
  handler: async (argv) => {
    const modelPath = text({ raw: once('model', argv.model), where: '--model' });
    const data = argv.data === undefined ? undefined : text({ raw: once('data', argv.data), where: '--data' });
    const split = argv.split === undefined ? undefined : choice({ raw: once('split', argv.split), where: '--split' }, SPLITS);
    // While the data loads a signal ends the process at once; once scoring starts, it stops with a message.
    const stop = new StopSignals();
    const result = await evaluateModel(loadModel(modelPath, toModelFlags(argv)), data, split, readingFlags(argv), stop).finally(() => stop.close());
    if (result === undefined) throw new Interrupted(`interrupted${stoppedBy(stop.stoppedBy)}: eval stopped before it scored every row`, stop.exitCode);
    printResult(toGlobalFlags(argv).json, result, report(result));
  },
};

/**
 * The model's accuracy and confusion matrix on the rows `split` picks from `data`. Without `data`: the model's
 * --test file, else its --data. Without `split`: 'test' when `data` is the data the model was trained on and it
 * held rows out (no --test, --test-split above 0), so that eval repeats train's test accuracy; else 'all'.
 * Weights from elsewhere need `data` and score all of it.
 * With `stop`, its signals are caught once the rows are loaded: undefined if one comes before every row is scored.
 */
export async function evaluateModel(
  model: SavedModel,
  data: string | undefined,
  split: EvalSplit | undefined,
  reading: ReadingFlags = {},
  stop?: StopSignals,
): Promise<EvalResult | undefined> {
  const { spec, chosen } = model.config === undefined ? weightsRows(model, data, split) : checkpointRows(model, model.config, data, split);
  const rows = rowsToScore(model, spec, chosen, reading);
  if (rows.count === 0) throw new UserError(`${spec}: the ${chosen} split has no rows to evaluate`);
  const classes = outputWidth(model);
  stop?.listen();
  const predictions = await predictClassesStoppably(model.network, rows, stop?.signal);
  if (predictions === undefined) return undefined;
  let correct = 0;
  for (let i = 0; i < rows.count; i++) if (predictions[i] === rows.labels[i]) correct++;
  return {
    accuracy: correct / rows.count,
    correct,
    samples: rows.count,
    classes,
    labels: model.schema.classes.map(labelValue),
    data: spec,
    split: chosen,
    model: model.path,
    confusion_matrix: confusionMatrix(predictions, rows.labels, classes),
  };
}

/** The data and split to score a checkpoint on (see evaluateModel). */
function checkpointRows(model: SavedModel, config: TrainConfig, data: string | undefined, split: EvalSplit | undefined): { spec: string; chosen: EvalSplit } {
  const spec = data ?? config.test ?? config.data;
  if (data === undefined && spec !== 'mnist' && !existsSync(spec)) throw new UserError(`${model.path} was trained on ${spec}, which is not there now; give --data`);
  const heldOut = config.test === undefined && config.testSplit > 0;
  const chosen = split ?? (heldOut && sameDataset(spec, config.data) ? 'test' : 'all');
  if (chosen !== 'all' && config.test !== undefined) {
    throw badFlag('--split', `${chosen} needs held-out rows, but ${model.path} was trained on all of ${config.data} (its test set was ${config.test}); use --split all`);
  }
  if (chosen === 'test' && !heldOut) throw badFlag('--split', `test picks no rows: ${model.path} was trained with --test-split 0; use --split all`);
  return { spec, chosen };
}

/** Weights from elsewhere name no data and held no rows out: --data is needed, and every row is scored. */
function weightsRows(model: SavedModel, data: string | undefined, split: EvalSplit | undefined): { spec: string; chosen: EvalSplit } {
  if (data === undefined) throw badFlag('--data', `is needed: ${model.path} holds weights alone, which name no data`);
  if (split !== undefined && split !== 'all') throw badFlag('--split', `${split} needs held-out rows, but ${model.path} holds weights alone, with no training split; use --split all`);
  return { spec: data, chosen: 'all' };
}

/**
 * The normalised rows of `spec` that `split` picks, split exactly as train split the model's data,
 * their labels mapped to the model's classes (a label that is none of them is an error naming it).
 */
function rowsToScore(model: SavedModel, spec: string, split: EvalSplit, reading: ReadingFlags): Dataset {
  const config = model.config;
  const normalization = model.normalization;
  if (split === 'all' || config === undefined || normalization === undefined) {
    const width = inputWidth(model);
    const data = loadDataset(spec, {
      delimiter: reading.delimiter ?? config?.delimiter,
      header: reading.header ?? config?.header,
      like: { layout: model.schema.table ?? labelLastLayout(width), featureCount: width, targetNeeded: true },
      classes: model.schema.classes,
      classesAre: `the classes of ${model.path}`,
    });
    checkModelFitsData(model.spec.widths, data);
    return applyNormalization(normalizationFor(model, data), data);
  }
  const prepared = prepareData({ ...config, ...reading, data: spec, test: undefined }, { normalization, schema: model.schema });
  return split === 'test' ? prepared.test : prepared.train;
}

/** The accuracy line, then the confusion matrix with true classes down and predicted classes across. */
function report(r: EvalResult): string {
  const which = r.split === 'all' ? 'all rows' : `the ${r.split} split`;
  const names = r.labels.map(String);
  const header = ['true\\predicted', ...names];
  const body = r.confusion_matrix.map((row, label) => [names[label], ...row.map(String)]);
  return [
    `accuracy ${(100 * r.accuracy).toFixed(2)}% (${r.correct} of ${r.samples} correct, ${which} of ${r.data})`,
    'confusion matrix (rows: true class, columns: predicted class)',
    textTable([header, ...body]),
  ].join('\n');
}
