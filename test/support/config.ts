// A small training configuration for tests: synthetic digits in a temporary CSV, a 64-16-10 network.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCsv } from '../../src/data/csv.js';
import { syntheticDigits } from '../../src/data/synthetic-digits.js';
import type { ClassificationDataset, Dataset } from '../../src/data/dataset.js';
import type { TrainConfig } from '../../src/train/config.js';

/** Writes `count` synthetic digit rows to a fresh temporary CSV and returns its path. */
export function syntheticCsv(count: number, seed = 7): string {
  const path = join(mkdtempSync(join(tmpdir(), 'einprop-')), 'digits.csv');
  writeCsv(path, syntheticDigits(count, seed));
  return path;
}

/** A small, fast configuration over `data`, with overrides. */
export function smallConfig(data: string, overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    model: { layers: [64, 16, 10], activation: 'relu', output: 'softmax', loss: 'cross-entropy', init: 'he' },
    optim: { optimizer: 'adam', lr: 0.01, momentum: 0.9, nesterov: false, weightDecay: 0, schedule: 'constant', stepSize: 1, gamma: 0.1 },
    data,
    test: undefined,
    testSplit: 0.2,
    shuffle: true,
    normalize: 'max',
    batchSize: 32,
    epochs: 2,
    seed: 5,
    threads: 1,
    shards: undefined,
    ...overrides,
  };
}

/** `data` as a classification dataset, which a test of a classifier's data expects it to be. */
export function classification(data: Dataset): ClassificationDataset {
  if (data.task !== 'classification') throw new Error(`${data.source} holds regression targets, not classes`);
  return data;
}
