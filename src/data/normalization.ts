// Feature normalisation: fitted on the training set alone, stored with the model as plain JSON data.

import { UserError } from '../errors.js';
import { type ColumnAffine, applyColumnAffine } from './column-affine.js';
import type { Dataset } from './dataset.js';

/** Feature normalisations, fitted on the training set alone; `auto` is `standard` for tables and `max` for images. */
export type NormalizeName = 'auto' | 'standard' | 'minmax' | 'max' | 'none';

/** A normalisation that is fitted as it is named (`auto` resolved). */
export type FittedNormalizeName = Exclude<NormalizeName, 'auto'>;

/** Every normalisation's name, in the order the CLI lists them. */
export const NORMALIZE_NAMES = ['auto', 'standard', 'minmax', 'max', 'none'] as const satisfies readonly NormalizeName[];

/** The names of the normalisations that are fitted as they say (every name but `auto`, which picks one of them). */
export const FITTED_NORMALIZE_NAMES: readonly FittedNormalizeName[] = NORMALIZE_NAMES.filter((name): name is FittedNormalizeName => name !== 'auto');

/** A fitted normalisation; plain data, so that `JSON.parse(JSON.stringify(n))` gives it back. */
export type Normalization =
  | { kind: 'none' }
  /** Every feature divided by `scale`, the largest absolute training value (1 when all are 0). */
  | { kind: 'max'; scale: number }
  /** Feature `j` becomes `(x − mean[j]) / std[j]`; the population std, with 1 in place of 0. */
  | { kind: 'standard'; mean: number[]; std: number[] }
  /** Feature `j` becomes `(x − min[j]) / range[j]`, in [0, 1] on the training set; a constant feature's range is 1 (it becomes 0). */
  | { kind: 'minmax'; min: number[]; range: number[] };

/** Fits a normalisation of the given kind to `train` (and only to it: test rows must not leak in). */
export function fitNormalization(train: Dataset, kind: FittedNormalizeName): Normalization {
  switch (kind) {
    case 'none':
      return { kind };
    case 'max':
      return { kind, scale: largestMagnitude(train.features) };
    case 'standard':
      return { kind, ...columnMeanAndStd(train.features, train.count, train.featureCount) };
    case 'minmax':
      return { kind, ...minAndRange(train) };
  }
}

/** The dataset with its features normalised, in a new array (the input is left as it is); a per-feature normalisation fitted to another width is a UserError. */
export function applyNormalization<D extends Dataset>(norm: Normalization, data: D): D {
  const width = data.featureCount;
  const fitted = fittedFeatures(norm);
  if (fitted !== null && fitted !== width) throw new UserError(`the normalisation was fitted to ${fitted} features, but ${data.source} has ${width}`);
  return { ...data, features: applyColumnAffine(featureAffine(norm, width), data.features, data.count) };
}

/** How many features a per-feature normalisation (standard, minmax) was fitted to; null for one that fits any width. */
export function fittedFeatures(norm: Normalization): number | null {
  return norm.kind === 'standard' ? norm.mean.length : norm.kind === 'minmax' ? norm.min.length : null;
}

/**
 * The normalisation of `width` features as one per-column map, feature j becoming (x − shift[j]) / divisor[j]:
 * what applyNormalization computes and an exported graph bakes in. Each kind is one case (a missing one does
 * not compile); a per-feature kind fitted to another width is a RangeError (callers check fittedFeatures first).
 */
export function featureAffine(norm: Normalization, width: number): ColumnAffine {
  const shift = new Float64Array(width);
  const divisor = new Float64Array(width).fill(1);
  const fitted = fittedFeatures(norm);
  if (fitted !== null && fitted !== width) throw new RangeError(`featureAffine: a "${norm.kind}" normalisation of ${fitted} features asked for ${width}`);
  switch (norm.kind) {
    case 'none':
      break;
    case 'max':
      divisor.fill(norm.scale);
      break;
    case 'standard':
      shift.set(norm.mean);
      divisor.set(norm.std);
      break;
    case 'minmax':
      shift.set(norm.min);
      divisor.set(norm.range);
      break;
    default:
      return unknownKind(norm);
  }
  return { shift, divisor };
}

function unknownKind(norm: never): never {
  throw new RangeError(`featureAffine: normalisation ${JSON.stringify(norm)} has no affine form`);
}

/** Checks that `value` (read from a checkpoint's JSON) is a `Normalization`; `where` names its origin. */
export function parseNormalization(value: unknown, where: string): Normalization {
  const bad = (what: string): UserError => new UserError(`${where}: normalisation ${what}`);
  if (typeof value !== 'object' || value === null || !('kind' in value)) throw bad('is not an object with a kind');
  if (value.kind === 'none') return { kind: 'none' };
  if (value.kind === 'max') {
    const scale = 'scale' in value ? value.scale : undefined;
    if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) throw bad('"max" needs a positive scale');
    return { kind: 'max', scale };
  }
  if (value.kind === 'standard') {
    const [mean, std] = shiftAndDivisor({ ...value }, 'mean', 'std', bad);
    return { kind: 'standard', mean, std };
  }
  if (value.kind === 'minmax') {
    const [min, range] = shiftAndDivisor({ ...value }, 'min', 'range', bad);
    return { kind: 'minmax', min, range };
  }
  throw bad(`kind ${JSON.stringify(value.kind)} is not one of none, max, standard, minmax`);
}

/** The arrays `value[shift]` and `value[divisor]` of a per-feature normalisation: finite numbers, as many of each, every divisor > 0. */
function shiftAndDivisor(value: Readonly<Record<string, unknown>>, shift: string, divisor: string, bad: (what: string) => UserError): [number[], number[]] {
  const offsets = finiteNumbers(value[shift]);
  const scales = finiteNumbers(value[divisor]);
  if (offsets === null || scales === null || offsets.length !== scales.length || scales.some((s) => !(s > 0))) {
    throw bad(`"${String(value.kind)}" needs ${shift} and ${divisor} arrays of equal length, ${divisor} > 0`);
  }
  return [offsets, scales];
}

/** The array's numbers, or null unless it is an array of finite numbers. */
function finiteNumbers(value: unknown): number[] | null {
  if (!Array.isArray(value)) return null;
  const items: readonly unknown[] = value;
  const numbers: number[] = [];
  for (const item of items) {
    if (typeof item !== 'number' || !Number.isFinite(item)) return null;
    numbers.push(item);
  }
  return numbers;
}

/** The largest |x| over all values, or 1 when every value is 0 (so that dividing is harmless). */
function largestMagnitude(values: Float32Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i]);
    if (magnitude > largest) largest = magnitude;
  }
  return largest > 0 ? largest : 1;
}

/**
 * Per-column mean and population standard deviation of `count` rows of `width` values, in float64, two
 * passes (the mean first, then the squared deviations from it, which stays accurate where Σx² − n·mean²
 * would cancel); a constant column's std is 1, so that dividing by it is harmless.
 */
export function columnMeanAndStd(values: Float32Array, count: number, width: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(width);
  for (let r = 0, at = 0; r < count; r++) {
    for (let j = 0; j < width; j++, at++) sum[j] += values[at];
  }
  const mean = new Float64Array(width);
  for (let j = 0; j < width; j++) mean[j] = count > 0 ? sum[j] / count : 0;
  const squares = new Float64Array(width);
  for (let r = 0, at = 0; r < count; r++) {
    for (let j = 0; j < width; j++, at++) {
      const deviation = values[at] - mean[j];
      squares[j] += deviation * deviation;
    }
  }
  const std: number[] = [];
  for (let j = 0; j < width; j++) {
    const deviation = count > 0 ? Math.sqrt(squares[j] / count) : 0;
    std.push(deviation > 0 ? deviation : 1);
  }
  return { mean: Array.from(mean), std };
}

/** Per-feature minimum and range (max − min, or 1 for a constant feature), in float64. */
function minAndRange(data: Dataset): { min: number[]; range: number[] } {
  const width = data.featureCount;
  const values = data.features;
  const low = new Float64Array(width).fill(Infinity);
  const high = new Float64Array(width).fill(-Infinity);
  for (let r = 0, at = 0; r < data.count; r++) {
    for (let j = 0; j < width; j++, at++) {
      const value = values[at];
      if (value < low[j]) low[j] = value;
      if (value > high[j]) high[j] = value;
    }
  }
  const min: number[] = [];
  const range: number[] = [];
  for (let j = 0; j < width; j++) {
    const spread = high[j] - low[j];
    // + 0 turns −0 into 0, which is what JSON writes.
    min.push(data.count > 0 ? low[j] + 0 : 0);
    range.push(spread > 0 ? spread : 1);
  }
  return { min, range };
}
