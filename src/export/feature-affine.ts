// A fitted normalisation as one per-feature map x' = (x − shift[j]) / divisor[j], the form an exported graph computes.

import type { Normalization } from '../data/normalization.js';
import { UserError } from '../errors.js';

/** Per-feature shift and divisor: feature j becomes (x − shift[j]) / divisor[j]. */
export interface FeatureAffine {
  readonly shift: Float64Array;
  readonly divisor: Float64Array;
}

/**
 * The map `applyNormalization(norm, ·)` computes, for `features` features; each kind is one case
 * (a kind missing here is a compile error). A UserError when a per-feature kind was fitted to another width.
 */
export function featureAffine(norm: Normalization, features: number): FeatureAffine {
  const shift = new Float64Array(features);
  const divisor = new Float64Array(features).fill(1);
  switch (norm.kind) {
    case 'none':
      break;
    case 'max':
      divisor.fill(norm.scale);
      break;
    case 'standard':
      perFeature(norm.kind, norm.mean.length, features);
      shift.set(norm.mean);
      divisor.set(norm.std);
      break;
    case 'minmax':
      perFeature(norm.kind, norm.min.length, features);
      shift.set(norm.min);
      divisor.set(norm.range);
      break;
    default:
      return unknownKind(norm);
  }
  return { shift, divisor };
}

/** True when the map leaves every feature as it is (no node needs to compute it). */
export function isIdentityAffine(affine: FeatureAffine): boolean {
  return affine.shift.every((s) => s === 0) && affine.divisor.every((d) => d === 1);
}

function perFeature(kind: string, fitted: number, features: number): void {
  if (fitted !== features) throw new UserError(`the "${kind}" normalisation was fitted to ${fitted} features, but the model takes ${features} inputs`);
}

function unknownKind(norm: never): never {
  throw new RangeError(`featureAffine: normalisation ${JSON.stringify(norm)} has no affine form`);
}
