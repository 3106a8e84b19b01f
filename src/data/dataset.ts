// A labelled dataset held as one row-major feature matrix and a label vector, and row subsets of it.

import { outputClasses } from './class-labels.js';
import type { TableLayout } from './table-layout.js';

/** Rows of features with a class each. */
export interface Dataset {
  /** `count × featureCount` values, row-major: row `r` starts at `r * featureCount`. */
  features: Float32Array;
  /** One class per row, an index in [0, classCount) into `classes`. */
  labels: Int32Array;
  count: number;
  featureCount: number;
  /** The number of classes: `classes.length`. */
  classCount: number;
  /** The original label of each class (`setosa`, `3`, `-1`), in output order. */
  classes: readonly string[];
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

/** The rows `indices` of `data`, in that order, copied into new arrays; its classes, layout and the rows' `lines` are kept. */
export function subsetDataset(data: Dataset, indices: ArrayLike<number>, source: string = data.source): Dataset {
  const width = data.featureCount;
  const count = indices.length;
  const features = new Float32Array(count * width);
  const labels = new Int32Array(count);
  const fromFeatures = data.features;
  const fromLabels = data.labels;
  const fromLines = data.lines;
  const lines = fromLines === undefined ? undefined : new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const row = indices[r];
    if (!(row >= 0 && row < data.count && Number.isInteger(row))) {
      throw new RangeError(`subsetDataset: row ${row} is not in [0, ${data.count}) of ${data.source}`);
    }
    const from = row * width;
    const to = r * width;
    for (let j = 0; j < width; j++) features[to + j] = fromFeatures[from + j];
    labels[r] = fromLabels[row];
    if (lines !== undefined && fromLines !== undefined) lines[r] = fromLines[row];
  }
  return {
    features,
    labels,
    count,
    featureCount: width,
    classCount: data.classCount,
    classes: data.classes,
    source,
    ...(lines === undefined ? {} : { lines }),
    ...(data.layout === undefined ? {} : { layout: data.layout }),
  };
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
): Dataset {
  const count = labels.length;
  if (!(Number.isSafeInteger(featureCount) && featureCount >= 1)) throw new RangeError(`makeDataset: featureCount must be a positive integer, got ${featureCount} (${source})`);
  if (features.length !== count * featureCount) {
    throw new RangeError(`makeDataset: ${features.length} features is not ${count} rows × ${featureCount} (${source})`);
  }
  if (lines !== undefined && lines.length !== count) {
    throw new RangeError(`makeDataset: ${lines.length} line numbers for ${count} rows (${source})`);
  }
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
  return { features, labels, count, featureCount, classCount: named.length, classes: named, source, ...(lines === undefined ? {} : { lines }) };
}
