// The figures a model scores on labelled rows: a classifier's accuracy, confusion matrix and per-class report, a regressor's RMSE, MAE and R² (in the targets' units).

import { labelValue } from '../data/class-labels.js';
import type { Dataset } from '../data/dataset.js';
import { type TargetScaling, unscaledOutputs } from '../data/target-scaling.js';
import { type ClassScores, classReport } from './class-report.js';
import { confusionMatrix } from './evaluate.js';

/** A regression model's figures on some rows, in the targets' units. */
export interface RegressionScores {
  /** Root mean squared error, the mean over the targets of each target's. */
  readonly rmse: number;
  /** Mean absolute error, the mean over the targets of each target's. */
  readonly mae: number;
  /** The coefficient of determination, the mean over the targets of each target's (scikit-learn's r2_score). */
  readonly r2: number;
}

/** One class's line of the per-class report (see ClassScores), with its original label. */
export interface ClassLine extends ClassScores {
  readonly label: string | number;
}

/** A classifier's figures on some rows, as `einprop eval --json` names them. */
export interface ClassificationFigures {
  readonly task: 'classification';
  /** Correct predictions over samples (NaN for no rows). */
  readonly accuracy: number;
  readonly correct: number;
  readonly samples: number;
  /** The number of classes: the rows and columns of the matrix. */
  readonly classes: number;
  /** The original label of each class, in output order (numbers where they are numbers). */
  readonly labels: (string | number)[];
  /** confusion_matrix[true class][predicted class]: counts. */
  readonly confusion_matrix: number[][];
  /** Precision, recall, F1 and support of each class, in output order. */
  readonly per_class: ClassLine[];
  /** Their unweighted mean over the classes that occur as true or predicted (scikit-learn's macro avg); support: every row. */
  readonly macro_avg: ClassScores;
}

/** A regressor's figures on some rows, in the targets' units, as `einprop eval --json` names them. */
export interface RegressionFigures extends RegressionScores {
  readonly task: 'regression';
  readonly samples: number;
}

/** A held-out set's figures after an epoch: the loss the run minimises (mean per row) and, by task, accuracy or the regression scores. */
export type SetFigures = { readonly task: 'classification'; readonly loss: number; readonly accuracy: number } | ({ readonly task: 'regression'; readonly loss: number } & RegressionScores);

/** The classification figures of `predicted` classes against `labels`, for `classes` (the original labels, in output order). */
export function classificationFigures(predicted: Int32Array, labels: Int32Array, classes: readonly string[]): ClassificationFigures {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  const names = classes.map(labelValue);
  const confusion = confusionMatrix(predicted, labels, classes.length);
  const { perClass, macro } = classReport(confusion);
  return {
    task: 'classification',
    accuracy: labels.length === 0 ? Number.NaN : correct / labels.length,
    correct,
    samples: labels.length,
    classes: classes.length,
    labels: names,
    confusion_matrix: confusion,
    per_class: perClass.map((scores, c) => ({ label: names[c], ...scores })),
    macro_avg: macro,
  };
}

/** The regression figures of `predicted` values against `targets`: `samples` rows of `width` values each, row-major. */
export function regressionFigures(predicted: ArrayLike<number>, targets: ArrayLike<number>, samples: number, width: number): RegressionFigures {
  const n = samples * width;
  if (predicted.length !== n || targets.length !== n) throw new RangeError(`regressionFigures: ${predicted.length} predictions and ${targets.length} targets for ${samples} rows of ${width}`);
  return { task: 'regression', ...regressionScores(predicted, targets, samples, width), samples };
}

/**
 * The figures of `data` from the sum of its rows' losses, its hits, and the network's outputs for its
 * rows (row-major); in regression the outputs are mapped back to the targets' units with `scaling` first.
 */
export function heldOutFigures(data: Dataset, lossSum: number, correct: number, outputs: Float32Array, scaling: TargetScaling | null): SetFigures {
  const loss = lossSum / data.count;
  if (data.task === 'classification') return { task: 'classification', loss, accuracy: correct / data.count };
  const predicted = unscaledOutputs(scaling, outputs, data.count, data.targetCount);
  return { task: 'regression', loss, ...regressionScores(predicted, data.targets, data.count, data.targetCount) };
}

/**
 * RMSE, MAE and R² of `count` rows of `width` predictions against the actual values, each figure the
 * uniform average over the targets, as scikit-learn's root_mean_squared_error, mean_absolute_error and
 * r2_score (a target whose actual values are constant scores R² 1 when predicted exactly, else 0). NaN for no rows.
 */
export function regressionScores(predicted: ArrayLike<number>, actual: ArrayLike<number>, count: number, width: number): RegressionScores {
  if (count === 0) return { rmse: Number.NaN, mae: Number.NaN, r2: Number.NaN };
  const mean = new Float64Array(width);
  for (let r = 0, at = 0; r < count; r++) for (let k = 0; k < width; k++, at++) mean[k] += actual[at];
  for (let k = 0; k < width; k++) mean[k] /= count;
  const squares = new Float64Array(width);
  const absolutes = new Float64Array(width);
  const spread = new Float64Array(width);
  for (let r = 0, at = 0; r < count; r++) {
    for (let k = 0; k < width; k++, at++) {
      const error = predicted[at] - actual[at];
      const deviation = actual[at] - mean[k];
      squares[k] += error * error;
      absolutes[k] += Math.abs(error);
      spread[k] += deviation * deviation;
    }
  }
  let rmse = 0;
  let mae = 0;
  let r2 = 0;
  for (let k = 0; k < width; k++) {
    rmse += Math.sqrt(squares[k] / count);
    mae += absolutes[k] / count;
    r2 += spread[k] > 0 ? 1 - squares[k] / spread[k] : squares[k] === 0 ? 1 : 0;
  }
  return { rmse: rmse / width, mae: mae / width, r2: r2 / width };
}
