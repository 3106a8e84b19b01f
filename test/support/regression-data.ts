// Generated regression tables with a known answer: targets that are linear, or smooth and nonlinear, in four features.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCsv } from '../../src/data/csv.js';
import { type RegressionDataset, makeRegressionDataset } from '../../src/data/dataset.js';
import { Random } from '../../src/tensor/random.js';

/** How each target depends on features x1 … x4 (uniform in [−2, 2]). */
export const ANSWERS = {
  /** 3·x1 − 2·x2 + 0.5·x3 + 10, x4 unused. */
  linear: (x: readonly number[]): number => 3 * x[0] - 2 * x[1] + 0.5 * x[2] + 10,
  /** x1·x2 + sin(2·x3) + 100 (far from 0, so that an unscaled target would train slowly). */
  nonlinear: (x: readonly number[]): number => x[0] * x[1] + Math.sin(2 * x[2]) + 100,
} as const;

/** `count` rows of four features and one target column per answer named, in that order. */
export function regressionRows(count: number, seed: number, answers: readonly (keyof typeof ANSWERS)[]): RegressionDataset {
  const random = Random.stream(seed, 'regression-rows');
  const features = new Float32Array(count * 4);
  const targets = new Float32Array(count * answers.length);
  for (let r = 0; r < count; r++) {
    const x = Array.from({ length: 4 }, () => Math.fround(4 * random.nextFloat() - 2));
    features.set(x, 4 * r);
    answers.forEach((name, k) => (targets[r * answers.length + k] = ANSWERS[name](x)));
  }
  return makeRegressionDataset(features, targets, 4, `generated ${answers.join('+')}`, { targetNames: answers });
}

/** Writes `regressionRows` to a fresh temporary CSV with a header (f1,…,f4 and the answers' names) and returns its path. */
export function regressionCsv(count: number, seed: number, answers: readonly (keyof typeof ANSWERS)[] = ['linear']): string {
  const path = join(mkdtempSync(join(tmpdir(), 'einprop-regression-')), 'rows.csv');
  writeCsv(path, regressionRows(count, seed, answers), { header: true });
  return path;
}
