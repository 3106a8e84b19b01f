// `einprop eval`: a saved model's accuracy and confusion matrix on a dataset, normalised as its training data was.

import { existsSync } from 'node:fs';
import type { Argv, CommandModule, Options } from 'yargs';
import { checkModelFitsData } from '../data/check-model-fits-data.js';
import type { Dataset } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { applyNormalization } from '../data/normalization.js';
import { Interrupted, UserError } from '../errors.js';
import { unscaledOutputs } from '../data/target-scaling.js';
import type { ClassScores } from '../train/class-report.js';
import type { TrainConfig } from '../train/config.js';
import { largestOutputs } from '../train/evaluate.js';
import { type ClassificationFigures, type RegressionFigures, classificationFigures, regressionFigures } from '../train/figures.js';
import { prepareData } from '../train/prepare.js';
import { badFlag, choice, once, text } from './flag-values.js';
import { MODEL_FILE_HELP, type SavedModel, loadModel, modelFlagOptions, normalizationFor, outputWidth, toModelFlags } from './model-file.js';
import { type ReadingFlags, modelTableOptions, readingFlagOptions, readingFlags } from './reading-flags.js';
import { sameDataset } from './run-files.js';
import { flagLookup } from './options.js';
import { toGlobalFlags } from './flag-definitions.js';
import { printResult } from './output.js';
import { textTable } from './text-table.js';
import { predictOutputsStoppably } from './predict-outputs-stoppably.js';
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
  ...readingFlagOptions,
  ...modelFlagOptions,
} as const satisfies Record<string, Options>;

/** What every `einprop eval --json` object holds. */
interface EvalCommon {
  readonly samples: number;
  readonly data: string;
  readonly split: EvalSplit;
  readonly model: string;
}

/** What `einprop eval --json` prints for a classifier: its figures (see ClassificationFigures), and what it scored. */
export interface ClassificationEvalResult extends EvalCommon, ClassificationFigures {}

/** What `einprop eval --json` prints for a regression model: the figures train reports as test_rmse, test_mae and test_r2. */
export interface RegressionEvalResult extends EvalCommon, RegressionFigures {
  /** The target columns' names, in output order. */
  readonly targets: string[];
}

/** What `einprop eval --json` prints. */
export type EvalResult = ClassificationEvalResult | RegressionEvalResult;

/** Scores a checkpoint on a dataset; with --json, one object (see `EvalResult`). */
export const evalCommand: CommandModule = {
  command: 'eval',
  describe: "report a saved model's accuracy, confusion matrix and per-class precision, recall and F1 (in regression RMSE, MAE and R²) on a dataset",
  builder: (yargs: Argv) => yargs.options(evalOptions),
  handler: async (argv) => {
    const modelPath = text({ raw: once('model', argv.model), where: '--model' });
    const data = argv.data === undefined ? undefined : text({ raw: once('data', argv.data), where: '--data' });
    const split = argv.split === undefined ? undefined : choice({ raw: once('split', argv.split), where: '--split' }, SPLITS);
    // While the data loads a signal ends the process at once; once scoring starts, it stops with a message.
    const stop = new StopSignals();
    const flag = flagLookup(argv);
    const result = await evaluateModel(loadModel(modelPath, toModelFlags(flag)), data, split, readingFlags(flag), stop).finally(() => stop.close());
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
  const width = outputWidth(model);
  stop?.listen();
  const outputs = await predictOutputsStoppably(model.network, rows, stop?.signal);
  if (outputs === undefined) return undefined;
  const common = { samples: rows.count, data: spec, split: chosen, model: model.path };
  if (rows.task === 'regression') {
    const predicted = unscaledOutputs(model.targetScaling, outputs, rows.count, width);
    return { ...regressionFigures(predicted, rows.targets, rows.count, width), ...common, targets: [...rows.targetNames] };
  }
  return { ...classificationFigures(largestOutputs(outputs, rows.count, width), rows.labels, model.schema.classes), ...common };
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
    const task = config?.task;
    const data = loadDataset(spec, {
      ...modelTableOptions(model, reading, true),
      task,
      ...(task === 'regression' ? {} : { classes: model.schema.classes, classesAre: `the classes of ${model.path}` }),
    });
    checkModelFitsData(model.spec.widths, data);
    return applyNormalization(normalizationFor(model, data), data);
  }
  // The rows train held out or trained on, its validation rows (a --validation-split's) not among either.
  const prepared = prepareData({ ...config, ...reading, data: spec, test: undefined, validation: undefined }, { ...model, normalization });
  return split === 'test' ? prepared.test : prepared.train;
}

/**
 * The accuracy line, the confusion matrix with true classes down and predicted classes across, and
 * each class's precision, recall, F1 and support with their macro average; in regression one line of figures.
 */
function report(r: EvalResult): string {
  const which = r.split === 'all' ? 'all rows' : `the ${r.split} split`;
  if (r.task === 'regression') {
    const figure = (value: number): string => value.toPrecision(4);
    return `RMSE ${figure(r.rmse)}, MAE ${figure(r.mae)}, R² ${figure(r.r2)} (${r.samples} rows, ${which} of ${r.data}; ${r.targets.join(', ')})`;
  }
  const names = r.labels.map(String);
  const header = ['true\\predicted', ...names];
  const body = r.confusion_matrix.map((row, label) => [names[label], ...row.map(String)]);
  const fixed = (value: number): string => value.toFixed(4);
  const scores = (line: ClassScores): string[] => [fixed(line.precision), fixed(line.recall), fixed(line.f1), String(line.support)];
  const classes = [['class', 'precision', 'recall', 'f1', 'support'], ...r.per_class.map((line) => [String(line.label), ...scores(line)]), ['macro avg', ...scores(r.macro_avg)]];
  return [
    `accuracy ${(100 * r.accuracy).toFixed(2)}% (${r.correct} of ${r.samples} correct, ${which} of ${r.data})`,
    'confusion matrix (rows: true class, columns: predicted class)',
    textTable([header, ...body]),
    textTable(classes),
  ].join('\n');
}
