// Regression targets standardised on the training set, so that the network learns values near 0 and 1; predictions mapped back.

import { UserError } from '../errors.js';
import { applyColumnAffine } from './column-affine.js';
import type { RegressionDataset } from './dataset.js';
import { columnMeanAndStd } from './normalization.js';

/** How regression targets are scaled: per target column to mean 0 and std 1 on the training rows, or not at all. */
export type TargetScalingName = 'standard' | 'none';

/** Every target scaling's name, in the order the CLI lists them. */
export const TARGET_SCALING_NAMES = ['standard', 'none'] as const satisfies readonly TargetScalingName[];

/**
 * A per-target standardisation fitted on the training targets: the network learns (y − mean[k]) / std[k]
 * for target k and its output o means o · std[k] + mean[k]. The population std, 1 for a constant column.
 * Plain data, so that `JSON.parse(JSON.stringify(s))` gives it back.
 */
export interface TargetScaling {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** The scaling `name` fitted to the training rows' targets (only to them: held-out rows must not leak in); null for `none`. */
export function fitTargetScaling(train: RegressionDataset, name: TargetScalingName): TargetScaling | null {
  return name === 'none' ? null : columnMeanAndStd(train.targets, train.count, train.targetCount);
}

/** The rows' targets as the network learns them: scaled, in a new array (or the targets themselves without a scaling). */
export function scaledTargets(scaling: TargetScaling | null, data: RegressionDataset): Float32Array {
  if (scaling === null) return data.targets;
  const width = data.targetCount;
  checkWidth(scaling, width, data.source);
  return applyColumnAffine({ shift: Float64Array.from(scaling.mean), divisor: Float64Array.from(scaling.std) }, data.targets, data.count);
}

/** `count` rows of `width` network outputs in the targets' units (float64: o · std + mean), or as they are without a scaling. */
export function unscaledOutputs(scaling: TargetScaling | null, outputs: ArrayLike<number>, count: number, width: number): Float64Array {
  const values = new Float64Array(count * width);
  if (scaling === null) {
    for (let i = 0; i < values.length; i++) values[i] = outputs[i];
    return values;
  }
  checkWidth(scaling, width, 'the model');
  const scale = Float64Array.from(scaling.std);
  const shift = Float64Array.from(scaling.mean);
  for (let r = 0, at = 0; r < count; r++) {
    for (let k = 0; k < width; k++, at++) values[at] = outputs[at] * scale[k] + shift[k];
  }
  return values;
}

/** Checks that `value` (read from a checkpoint's JSON) is a scaling of `outputs` targets, or null for none; `where` names its origin. */
export function parseTargetScaling(value: unknown, outputs: number, where: string): TargetScaling | null {
  if (value === null) return null;
  const bad = (): UserError => new UserError(`${where}: the target scaling is not {"mean": [...], "std": [...]} of ${outputs} finite numbers each, every std > 0`);
  if (typeof value !== 'object' || !('mean' in value) || !('std' in value)) throw bad();
  const mean = finiteList(value.mean, outputs);
  const std = finiteList(value.std, outputs);
  if (mean === null || std === null || std.some((s) => !(s > 0))) throw bad();
  return { mean, std };
}

function checkWidth(scaling: TargetScaling, width: number, source: string): void {
  if (scaling.mean.length !== width || scaling.std.length !== width) {
    throw new UserError(`the target scaling was fitted to ${scaling.mean.length} targets, but ${source} has ${width}`);
  }
}

/** The array's numbers when it is an array of `length` finite numbers, else null. */
function finiteList(value: unknown, length: number): number[] | null {
  if (!Array.isArray(value) || value.length !== length) return null;
  const items: readonly unknown[] = value;
  const numbers = items.filter((item): item is number => typeof item === 'number' && Number.isFinite(item));
  return numbers.length === length ? numbers : null;
}
