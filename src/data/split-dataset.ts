// Splitting a dataset into training and test rows: seeded shuffle, or file order for --no-shuffle.

import { UserError } from '../errors.js';
import type { Random } from '../tensor/random.js';
import { subsetDataset, type Dataset } from './dataset.js';
import { epochOrder } from './epoch-order.js';

/** The two parts of a split. */
export interface Split {
  train: Dataset;
  test: Dataset;
}

/**
 * Holds out `round(count × testFraction)` rows for testing. With a `Random` (use
 * `Random.stream(seed, 'split')`) the rows are shuffled first and the last ones are the test set;
 * with null the file order is kept: the first rows train, the last ones test.
 */
export function splitDataset(data: Dataset, testFraction: number, random: Random | null): Split {
  if (!(testFraction >= 0 && testFraction < 1)) {
    throw new UserError(`the test fraction ${testFraction} is not in [0, 1)`);
  }
  const testCount = Math.round(data.count * testFraction);
  const trainCount = data.count - testCount;
  if (trainCount === 0) {
    throw new UserError(`${data.source}: ${data.count} rows leave none for training after holding out ${testCount} for testing`);
  }
  const order = epochOrder(data.count, random);
  return {
    train: subsetDataset(data, order.subarray(0, trainCount)),
    test: subsetDataset(data, order.subarray(trainCount)),
  };
}
