// Rows given as arrays in code (features, and class labels or numeric targets) read as a dataset, each bad value named by its field and index.

import { UserError } from '../errors.js';
import { encodeClasses } from './class-labels.js';
import { type ClassificationDataset, type RegressionDataset, makeRegressionDataset } from './dataset.js';
import { TargetCells } from './target-column.js';

/** A class label as code gives it: text, or a number. */
export type Label = string | number;

/** Rows of features, one array per row. */
export type FeatureRows = readonly ArrayLike<number>[];

/** Features given as arrays: one array per row, or every row in one typed array, row-major, with its `shape`. */
export type FeatureArrays =
  | { readonly features: FeatureRows; readonly shape?: undefined }
  | { readonly features: Float32Array | Float64Array; readonly shape: readonly [rows: number, columns: number] };

/** Class labels, one per row: numbers, text, or both (mapped to outputs as a table's labels are). */
export type ClassTargets = readonly Label[] | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** Numeric targets (regression), one value per row or one row of values per row. */
export type ValueTargets = readonly number[] | readonly (readonly number[])[] | Float32Array | Float64Array;

/** Features as arrays and one target per row. */
export type ArrayData<Targets = ClassTargets> = FeatureArrays & { readonly targets: Targets };

/** Features as float32, row-major, with their row count and width. */
export interface FeatureMatrix {
  readonly features: Float32Array;
  readonly count: number;
  readonly width: number;
}

/** How messages name the parts of given arrays: the features (`train: config.data.features`) and their shape. */
export interface ArrayNames {
  readonly features: string;
  readonly shape: string;
}

/**
 * The rows of `given` as float32: every row as long as the first, every value a finite number, a
 * typed array as long as its shape says. Each problem is a UserError naming the field and index.
 */
export function featureMatrix(given: FeatureArrays, names: ArrayNames): FeatureMatrix {
  const { features } = given;
  if (Array.isArray(features)) return rowsMatrix(features as FeatureRows, names.features);
  if (!(features instanceof Float32Array || features instanceof Float64Array)) {
    throw new UserError(`${names.features} must be an array of rows or a Float32Array or Float64Array with a shape, got ${describe(features)}`);
  }
  const shape: unknown = given.shape;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new UserError(`${names.shape} must be [rows, columns], two whole numbers, beside a typed array of features, got ${describe(shape)}`);
  }
  const [count, width] = shape as [number, number];
  if (count * width !== features.length) {
    throw new UserError(`${names.shape} [${count}, ${width}] needs ${count * width} values, but ${names.features} holds ${features.length}`);
  }
  if (count > 0 && width === 0) throw new UserError(`${names.shape} [${count}, 0]: a row needs at least one feature`);
  const bad = firstNonFinite(features);
  if (bad >= 0) {
    throw new UserError(`${names.features}[${bad}] (row ${Math.floor(bad / width)}, column ${bad % width}) is ${features[bad]}: features must be finite numbers`);
  }
  return checkedFloat32({ features: Float32Array.from(features), count, width }, (i) => `${names.features}[${i}] (row ${Math.floor(i / width)}, column ${i % width})`);
}

/**
 * The rows of `data` with their class labels as a dataset named `source`. Without `known` the classes
 * are the labels' own, in a table's order (numbers by value, text by code point); with `known`, each
 * label must be one of them (`knownAre` says what they are, for the message).
 */
export function arrayDataset(data: ArrayData, source: string, known?: readonly string[], knownAre = 'the classes'): ClassificationDataset {
  const at = (part: string): string => `${source}.${part}`;
  const rows = featureMatrix(data, { features: at('features'), shape: at('shape') });
  if (rows.count === 0) throw new UserError(`${at('features')} has no rows`);
  const targets: unknown = data.targets;
  if (!(Array.isArray(targets) || (ArrayBuffer.isView(targets) && !(targets instanceof DataView)))) {
    throw new UserError(`${at('targets')} must be an array of class labels, one per row, got ${describe(targets)}`);
  }
  const labels = targets as ArrayLike<unknown>;
  if (labels.length !== rows.count) throw new UserError(`${at('targets')} holds ${labels.length} labels for the ${rows.count} rows of ${at('features')}`);
  const cells = new TargetCells(at('targets'), 0, rows.count);
  for (let r = 0; r < rows.count; r++) {
    const label = labels[r];
    if (typeof label === 'string' && label.length > 0) cells.set(r, label, Number.NaN);
    else if (typeof label === 'number' && Number.isFinite(label)) cells.set(r, String(label), label);
    else throw new UserError(`${at('targets')}[${r}] is ${describe(label)}: a class label is text or a finite number`);
  }
  const places = { source, row: (r: number) => `${at('targets')}[${r}]`, valuesHint: "numeric targets are regression's (task 'regression'), not classes" };
  const { classes, labels: encoded } = encodeClasses(cells.result(rows.count), known, places, knownAre);
  return { task: 'classification', features: rows.features, labels: encoded, count: rows.count, featureCount: rows.width, classCount: classes.length, classes, source };
}

/**
 * The rows of `data` with their numeric targets (regression) as a dataset named `source`: one value
 * per row, or rows of values as long as the first; each bad value is a UserError naming its field and index.
 */
export function arrayRegressionDataset(data: ArrayData<ValueTargets>, source: string): RegressionDataset {
  const at = (part: string): string => `${source}.${part}`;
  const rows = featureMatrix(data, { features: at('features'), shape: at('shape') });
  if (rows.count === 0) throw new UserError(`${at('features')} has no rows`);
  const given: unknown = data.targets;
  // A list of rows sets the width by its first; numbers, a typed array, or anything valueRows refuses: one value per row.
  const first: unknown = Array.isArray(given) ? given[0] : undefined;
  const width = isRow(first) && first.length > 0 ? first.length : 1;
  const values = valueRows(data.targets, rows.count, width, at('targets'), `${at('targets')}[0] has ${width}`);
  const targets = Float32Array.from(values);
  const bad = firstNonFinite(targets);
  if (bad >= 0) throw new UserError(`${at('targets')}[${Math.floor(bad / width)}]${isRow(first) ? `[${bad % width}]` : ''} is too large for float32 (beyond ±3.4e38)`);
  return makeRegressionDataset(rows.features, targets, rows.width, source, { targetCount: width });
}

/** Rows of arrays as one float32 matrix, every row as long as the first. */
function rowsMatrix(rows: FeatureRows, name: string): FeatureMatrix {
  const count = rows.length;
  const first: unknown = rows[0];
  const width = count === 0 ? 0 : isRow(first) ? first.length : -1;
  if (width < 0) throw new UserError(`${name}[0] must be an array of numbers (one row), got ${describe(first)}`);
  if (count > 0 && width === 0) throw new UserError(`${name}[0] is empty: a row needs at least one feature`);
  const features = new Float32Array(count * width);
  for (let r = 0; r < count; r++) {
    const row: unknown = rows[r];
    if (!isRow(row)) throw new UserError(`${name}[${r}] must be an array of numbers (one row), got ${describe(row)}`);
    if (row.length !== width) throw new UserError(`${name}[${r}] has ${row.length} values, but row 0 has ${width}`);
    const bad = firstNonFinite(row);
    if (bad >= 0) throw new UserError(`${name}[${r}][${bad}] is ${describe(row[bad])}: features must be finite numbers`);
    features.set(row as ArrayLike<number>, r * width);
  }
  return checkedFloat32({ features, count, width }, (i) => `${name}[${Math.floor(i / width)}][${i % width}]`);
}

/** The matrix, unless a value overflowed float32 on the way in: a UserError naming it (`name(i)`) then. */
function checkedFloat32(matrix: FeatureMatrix, name: (index: number) => string): FeatureMatrix {
  const bad = firstNonFinite(matrix.features);
  if (bad >= 0) throw new UserError(`${name(bad)} is too large for float32 (beyond ±3.4e38)`);
  return matrix;
}

function isRow(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || value instanceof Float32Array || value instanceof Float64Array;
}

/** The index of the first value that is not a finite number, or −1. */
function firstNonFinite(values: ArrayLike<unknown>): number {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) return i;
  }
  return -1;
}

/** A value as a message shows it: short JSON, or its kind. */
function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const text = JSON.stringify(value);
  return text === undefined ? typeof value : text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Numeric targets as float64 rows of `width` values, one row per feature row: a list of numbers or a
 * typed array (one value per row), or a list of rows. Each problem is a UserError naming the field and
 * index; `widthIs` says where the width comes from (by default the model's outputs).
 */
export function valueRows(targets: ValueTargets, count: number, width: number, name: string, widthIs = `the model predicts ${width} value${width === 1 ? '' : 's'} per row`): Float64Array {
  const given: unknown = targets;
  if (!(Array.isArray(given) || given instanceof Float32Array || given instanceof Float64Array)) {
    throw new UserError(`${name} must be numbers, one per row, or rows of numbers, got ${describe(given)}`);
  }
  const items = given as ArrayLike<unknown>;
  if (items.length !== count) throw new UserError(`${name} holds ${items.length} targets for ${count} rows`);
  const values = new Float64Array(count * width);
  for (let r = 0; r < count; r++) {
    const item = items[r];
    if (typeof item !== 'number' && !isRow(item)) throw new UserError(`${name}[${r}] is ${describe(item)}: a target is a number, or a row of numbers`);
    const row: ArrayLike<unknown> = typeof item === 'number' ? [item] : item;
    if (row.length !== width) throw new UserError(`${name}[${r}] is ${describe(item)}, but ${widthIs}`);
    const bad = firstNonFinite(row);
    if (bad >= 0) throw new UserError(`${name}[${r}]${typeof item === 'number' ? '' : `[${bad}]`} is ${describe(row[bad])}: targets must be finite numbers`);
    values.set(row as ArrayLike<number>, r * width);
  }
  return values;
}
