// Splitting a dataset into training and test rows: seeded shuffle, or file order for --no-shuffle; optionally by class.

import { UserError } from '../errors.js';
import type { Random } from '../tensor/random.js';
import { subsetDataset, type Dataset } from './dataset.js';
import { epochOrder } from './epoch-order.js';
import { holdOut } from './hold-out.js';

/** The two parts of a split. */
export interface Split {
  train: Dataset;
  test: Dataset;
}

/**
 * Holds out `round(count × testFraction)` rows for testing. With a `Random` (use
 * `Random.stream(seed, 'split')`) the rows are shuffled first and the last ones are the test set;
 * with null the file order is kept: the first rows train, the last ones test. With `stratify` the
 * test set takes the last rows of each class in that order, keeping each class's share (see holdOut).
 */
export function splitDataset(data: Dataset, testFraction: number, random: Random | null, stratify = false): Split {
  if (!(testFraction >= 0 && testFraction < 1)) {
    throw new UserError(`the test fraction ${testFraction} is not in [0, 1)`);
  }
  const testCount = Math.round(data.count * testFraction);
  if (data.count - testCount === 0) {
    throw new UserError(`${data.source}: ${data.count} rows leave none for training after holding out ${testCount} for testing`);
  }
  const order = epochOrder(data.count, random);
  const parts = holdOut(order, testFraction, stratify ? { labels: data.labels, classCount: data.classCount } : null);
  return { train: subsetDataset(data, parts.kept), test: subsetDataset(data, parts.held) };
}
