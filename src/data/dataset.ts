// A labelled dataset held as one row-major feature matrix and a label vector, and row subsets of it.

/** Rows of features with an integer class label each. */
export interface Dataset {
  /** `count × featureCount` values, row-major: row `r` starts at `r * featureCount`. */
  features: Float32Array;
  /** One class per row, in [0, classCount). */
  labels: Int32Array;
  count: number;
  featureCount: number;
  /** The largest label plus one. */
  classCount: number;
  /** Where the rows came from (a file name, 'mnist'), for messages. */
  source: string;
  /**
   * For rows read from CSV text, the 1-based line in `source` of each row (blank lines and a header
   * make it differ from the row index), so that a row can be named where the user can find it; the
   * label is then column `featureCount + 1`. Absent for other sources.
   */
  lines?: Int32Array;
}

/** The rows `indices` of `data`, in that order, copied into new arrays; `classCount` is kept, and so are the rows' `lines`. */
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
  return { features, labels, count, featureCount: width, classCount: data.classCount, source, ...(lines === undefined ? {} : { lines }) };
}

/** A dataset over the given arrays (`lines`: see `Dataset`), checking that their lengths agree and computing `classCount`. */
export function makeDataset(features: Float32Array, labels: Int32Array, featureCount: number, source: string, lines?: Int32Array): Dataset {
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
  return { features, labels, count, featureCount, classCount: maxLabel + 1, source, ...(lines === undefined ? {} : { lines }) };
}
