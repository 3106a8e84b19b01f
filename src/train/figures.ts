// The figures a model scores on labelled rows: a classifier's accuracy and confusion matrix, a regressor's errors and R².

import { labelValue } from '../data/class-labels.js';
import { confusionMatrix } from './evaluate.js';

/** A classifier's figures on some rows, as `einprop eval --json` names them. */
export interface ClassificationFigures {
  readonly task: 'classification';
  /** Correct predictions over samples. */
  readonly accuracy: number;
  readonly correct: number;
  readonly samples: number;
  /** The number of classes: the rows and columns of the matrix. */
  readonly classes: number;
  /** The original label of each class, in output order (numbers where they are numbers). */
  readonly labels: (string | number)[];
  /** confusion_matrix[true class][predicted class]: counts. */
  readonly confusion_matrix: number[][];
}

/** A regressor's figures on some rows, in the targets' units, over every target value. */
export interface RegressionFigures {
  readonly task: 'regression';
  /** Root mean squared error. */
  readonly rmse: number;
  /** Mean absolute error. */
  readonly mae: number;
  /** The coefficient of determination of each target, 1 − SSE/SST, averaged over the targets (NaN where a target is constant). */
  readonly r2: number;
  readonly samples: number;
}

/** The classification figures of `predicted` classes against `labels`, for `classes` (the original labels, in output order). */
export function classificationFigures(predicted: Int32Array, labels: Int32Array, classes: readonly string[]): ClassificationFigures {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return {
    task: 'classification',
    accuracy: labels.length === 0 ? Number.NaN : correct / labels.length,
    correct,
    samples: labels.length,
    classes: classes.length,
    labels: classes.map(labelValue),
    confusion_matrix: confusionMatrix(predicted, labels, classes.length),
  };
}

/** The regression figures of `predicted` values against `targets`: `samples` rows of `width` values each, row-major. */
export function regressionFigures(predicted: ArrayLike<number>, targets: ArrayLike<number>, samples: number, width: number): RegressionFigures {
  const n = samples * width;
  if (predicted.length !== n || targets.length !== n) throw new RangeError(`regressionFigures: ${predicted.length} predictions and ${targets.length} targets for ${samples} rows of ${width}`);
  const means = new Float64Array(width);
  for (let i = 0; i < n; i++) means[i % width] += targets[i] / samples;
  const squared = new Float64Array(width);
  const spread = new Float64Array(width);
  let absolutes = 0;
  for (let i = 0; i < n; i++) {
    const error = predicted[i] - targets[i];
    const centred = targets[i] - means[i % width];
    squared[i % width] += error * error;
    spread[i % width] += centred * centred;
    absolutes += Math.abs(error);
  }
  let sse = 0;
  let r2 = 0;
  for (let j = 0; j < width; j++) {
    sse += squared[j];
    r2 += (spread[j] === 0 ? Number.NaN : 1 - squared[j] / spread[j]) / width;
  }
  return { task: 'regression', rmse: Math.sqrt(sse / n), mae: absolutes / n, r2, samples };
}
