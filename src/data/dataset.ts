// A dataset held as one row-major feature matrix and its targets (a class per row, or a row of values), and row subsets of it.

import { outputClasses } from './class-labels.js';
import type { TableLayout } from './table-layout.js';

/** What a model learns from the targets: a class per row, or numeric values. */
export type Task = 'classification' | 'regression';

/** Every task's name, in the order the CLI lists them. */
export const TASK_NAMES = ['classification', 'regression'] as const satisfies readonly Task[];

/** What every dataset holds besides its targets: the rows' features and where they came from. */
interface Rows {
  /** `count × featureCount` values, row-major: row `r` starts at `r * featureCount`. */
  features: Float32Array;
  count: number;
  featureCount: number;
  /** Where the rows came from (a file name, 'mnist'), for messages. */
  source: string;
  /**
   * For rows read from a table, the 1-based line in `source` of each row (blank lines and a header
   * make it differ from the row index), so that a row can be named where the user can find it.
   * Absent for other sources.
   */
  lines?: Int32Array;
  /** For rows read from a table, its layout (which columns are the target and ignored ones). */
  layout?: TableLayout;
}

/** Rows of features with a class each. */
export interface ClassificationDataset extends Rows {
  readonly task: 'classification';
  /** One class per row, an index in [0, classCount) into `classes`. */
  labels: Int32Array;
  /** The number of classes: `classes.length`. */
  classCount: number;
  /** The original label of each class (`setosa`, `3`, `-1`), in output order. */
  classes: readonly string[];
}

/** Rows of features with a row of numeric targets each, in the targets' own units. */
export interface RegressionDataset extends Rows {
  readonly task: 'regression';
  /** `count × targetCount` values, row-major. */
  targets: Float32Array;
  /** Targets per row: the model's outputs. */
  targetCount: number;
  /** The name of each target column (its header cell, or its index), in output order. */
  targetNames: readonly string[];
}

/** Rows of features with their targets: classes or values, as `task` says. */
export type Dataset = ClassificationDataset | RegressionDataset;

/** The number of outputs a model of this data has: one per class, or one per target. */
export function outputCount(data: Dataset): number {
  return data.task === 'classification' ? data.classCount : data.targetCount;
}

/** The rows `indices` of `data`, in that order, copied into new arrays; its classes or target names, layout and the rows' `lines` are kept. */
export function subsetDataset(data: ClassificationDataset, indices: ArrayLike<number>, source?: string): ClassificationDataset;
export function subsetDataset(data: RegressionDataset, indices: ArrayLike<number>, source?: string): RegressionDataset;
export function subsetDataset(data: Dataset, indices: ArrayLike<number>, source?: string): Dataset;
export function subsetDataset(data: Dataset, indices: ArrayLike<number>, source: string = data.source): Dataset {
  for (let r = 0; r < indices.length; r++) {
    const row = indices[r];
    if (!(row >= 0 && row < data.count && Number.isInteger(row))) {
      throw new RangeError(`subsetDataset: row ${row} is not in [0, ${data.count}) of ${data.source}`);
    }
  }
  const rows = {
    features: pickRows(data.features, data.featureCount, indices, new Float32Array(indices.length * data.featureCount)),
    count: indices.length,
    source,
    ...(data.lines === undefined ? {} : { lines: pickRows(data.lines, 1, indices, new Int32Array(indices.length)) }),
  };
  if (data.task === 'classification') return { ...data, ...rows, labels: pickRows(data.labels, 1, indices, new Int32Array(indices.length)) };
  return { ...data, ...rows, targets: pickRows(data.targets, data.targetCount, indices, new Float32Array(indices.length * data.targetCount)) };
}

/** Copies rows `indices` (checked by the caller) of `width` values each from `from` into `to`, in order; returns `to`. */
function pickRows<A extends Float32Array | Int32Array>(from: A, width: number, indices: ArrayLike<number>, to: A): A {
  for (let r = 0, at = 0; r < indices.length; r++) {
    const start = indices[r] * width;
    for (let j = 0; j < width; j++, at++) to[at] = from[start + j];
  }
  return to;
}

/**
 * A dataset over the given arrays (`lines`: see `Dataset`), checking that their lengths agree and that every
 * label is a class: an index into `classes`, which default to `0`…`max label` (labels that are their own outputs).
 */
export function makeDataset(
  features: Float32Array,
  labels: Int32Array,
  featureCount: number,
  source: string,
  lines?: Int32Array,
  classes?: readonly string[],
): ClassificationDataset {
  const count = labels.length;
  checkRows(features, count, featureCount, source, lines, 'makeDataset');
  let maxLabel = -1;
  for (let r = 0; r < count; r++) {
    const label = labels[r];
    if (label < 0) throw new RangeError(`makeDataset: label ${label} at row ${r} of ${source} is negative`);
    if (label > maxLabel) maxLabel = label;
  }
  if (classes !== undefined && maxLabel >= classes.length) {
    throw new RangeError(`makeDataset: label ${maxLabel} of ${source} is not one of its ${classes.length} classes`);
  }
  const named = classes ?? outputClasses(maxLabel + 1);
  return { task: 'classification', features, labels, count, featureCount, classCount: named.length, classes: named, source, ...(lines === undefined ? {} : { lines }) };
}

/**
 * A regression dataset over the given arrays: `targets` holds `targetNames.length` finite values per
 * row (default names `0`…), `lines` as in `Dataset`; lengths that disagree or a target that is not finite are refused.
 */
export function makeRegressionDataset(
  features: Float32Array,
  targets: Float32Array,
  featureCount: number,
  source: string,
  options: { readonly targetCount?: number; readonly targetNames?: readonly string[]; readonly lines?: Int32Array } = {},
): RegressionDataset {
  const targetCount = options.targetNames?.length ?? options.targetCount ?? 1;
  if (!(Number.isSafeInteger(targetCount) && targetCount >= 1)) throw new RangeError(`makeRegressionDataset: targetCount must be a positive integer, got ${targetCount} (${source})`);
  if (targets.length % targetCount !== 0) throw new RangeError(`makeRegressionDataset: ${targets.length} targets is not a whole number of rows of ${targetCount} (${source})`);
  const count = targets.length / targetCount;
  checkRows(features, count, featureCount, source, options.lines, 'makeRegressionDataset');
  for (let i = 0; i < targets.length; i++) {
    if (!Number.isFinite(targets[i])) throw new RangeError(`makeRegressionDataset: target ${i % targetCount} of row ${Math.floor(i / targetCount)} of ${source} is ${targets[i]}`);
  }
  const targetNames = options.targetNames ?? outputClasses(targetCount);
  const lines = options.lines;
  return { task: 'regression', features, targets, count, featureCount, targetCount, targetNames, source, ...(lines === undefined ? {} : { lines }) };
}

/** Throws unless `features` holds `count` rows of `featureCount` and `lines` (if any) one line per row. */
function checkRows(features: Float32Array, count: number, featureCount: number, source: string, lines: Int32Array | undefined, caller: string): void {
  if (!(Number.isSafeInteger(featureCount) && featureCount >= 1)) throw new RangeError(`${caller}: featureCount must be a positive integer, got ${featureCount} (${source})`);
  if (features.length !== count * featureCount) {
    throw new RangeError(`${caller}: ${features.length} features is not ${count} rows × ${featureCount} (${source})`);
  }
  if (lines !== undefined && lines.length !== count) {
    throw new RangeError(`${caller}: ${lines.length} line numbers for ${count} rows (${source})`);
  }
}
