// What a held-out set's outputs say: loss and accuracy for classes; loss, RMSE, MAE and R² (in the targets' units) for values.

import type { Dataset } from '../data/dataset.js';
import { type TargetScaling, unscaledOutputs } from '../data/target-scaling.js';

/** A regression model's figures on some rows, in the targets' units. */
export interface RegressionScores {
  /** Root mean squared error, the mean over the targets of each target's. */
  readonly rmse: number;
  /** Mean absolute error, the mean over the targets of each target's. */
  readonly mae: number;
  /** The coefficient of determination, the mean over the targets of each target's (scikit-learn's r2_score). */
  readonly r2: number;
}

/** A held-out set's figures after an epoch: the loss the run minimises (mean per row) and, by task, accuracy or the regression scores. */
export type SetFigures = { readonly task: 'classification'; readonly loss: number; readonly accuracy: number } | ({ readonly task: 'regression'; readonly loss: number } & RegressionScores);

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
