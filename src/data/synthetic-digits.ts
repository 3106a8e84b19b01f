// A deterministic, learnable stand-in for the UCI digits data, for tests and docs: 8×8 images, values 0..16.

import { Random } from '../tensor/random.js';
import { type ClassificationDataset, makeDataset } from './dataset.js';

/** Features per row: an 8×8 image. */
const FEATURES = 64;
const CLASSES = 10;
/** The largest pixel value, as in the UCI optical digits. */
const MAX_VALUE = 16;
/** Standard deviation of the noise added to each pixel. */
const NOISE = 4;
/** Fixed, so that every seed draws from the same ten classes: a training set and a test set agree. */
const PROTOTYPE_SEED = 0x5eed;

/**
 * `count` rows of 64 integer features in 0..16 with labels cycling 0, 1, …, 9: each row is its
 * class's fixed prototype (a random pattern of bright and dark pixels) plus Gaussian noise, rounded
 * and clamped. The same `(count, seed)` always gives the same data; the classes do not depend on the seed.
 */
export function syntheticDigits(count: number, seed: number): ClassificationDataset {
  const prototypes = makePrototypes();
  const random = Random.stream(seed, 'synthetic-digits');
  const features = new Float32Array(count * FEATURES);
  const labels = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const label = r % CLASSES;
    labels[r] = label;
    const from = label * FEATURES;
    const to = r * FEATURES;
    for (let j = 0; j < FEATURES; j++) {
      const value = Math.round(prototypes[from + j] + NOISE * random.nextNormal());
      features[to + j] = Math.min(MAX_VALUE, Math.max(0, value));
    }
  }
  return makeDataset(features, labels, FEATURES, `synthetic digits (seed ${seed})`);
}

/** Ten 8×8 patterns: about a third of the pixels bright (10..16), the rest dark (0..2). */
function makePrototypes(): Float64Array {
  const random = Random.stream(PROTOTYPE_SEED, 'synthetic-digit-prototypes');
  const prototypes = new Float64Array(CLASSES * FEATURES);
  for (let i = 0; i < prototypes.length; i++) {
    prototypes[i] = random.nextFloat() < 1 / 3 ? 10 + random.nextInt(7) : random.nextInt(3);
  }
  return prototypes;
}
