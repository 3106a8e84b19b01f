// Splitting a dataset into kept and held-out rows (training and test, or training and validation): seeded shuffle, or file order for --no-shuffle; optionally by class.

import { UserError } from '../errors.js';
import type { Random } from '../tensor/random.js';
import { type ClassificationDataset, type Dataset, type RegressionDataset, subsetDataset } from './dataset.js';
import { epochOrder } from './epoch-order.js';
import { holdOut } from './hold-out.js';

/** The two parts of a split: the rows kept for training and those held out (for testing, or validation). */
export interface Split<D extends Dataset = Dataset> {
  train: D;
  test: D;
}

/** What the held-out rows are for, in messages: `testing` or `validation`. */
export type HeldOutUse = 'testing' | 'validation';

/**
 * Holds out `round(count × fraction)` rows. With a `Random` (`Random.stream(seed, 'split')` for the
 * test set, a stream of its own for validation) the rows are shuffled first and the last ones are
 * held out; with null the file order is kept: the first rows train, the last ones are held out. With
 * `stratify` (class labels only) the held-out rows are the last of each class in that order, keeping
 * each class's share (see holdOut).
 */
export function splitDataset(data: ClassificationDataset, fraction: number, random: Random | null, stratify?: boolean, use?: HeldOutUse): Split<ClassificationDataset>;
export function splitDataset(data: RegressionDataset, fraction: number, random: Random | null, stratify?: boolean, use?: HeldOutUse): Split<RegressionDataset>;
export function splitDataset(data: Dataset, fraction: number, random: Random | null, stratify?: boolean, use?: HeldOutUse): Split;
export function splitDataset(data: Dataset, fraction: number, random: Random | null, stratify = false, use: HeldOutUse = 'testing'): Split {
  const part = use === 'testing' ? 'test' : 'validation';
  if (!(fraction >= 0 && fraction < 1)) throw new UserError(`the ${part} fraction ${fraction} is not in [0, 1)`);
  if (stratify && data.task !== 'classification') throw new UserError(`a stratified split keeps each class's share, but ${data.source} holds regression targets, not classes`, 2);
  const heldCount = Math.round(data.count * fraction);
  if (data.count - heldCount === 0) {
    throw new UserError(`${data.source}: ${data.count} rows leave none for training after holding out ${heldCount} for ${use}`);
  }
  const order = epochOrder(data.count, random);
  const parts = holdOut(order, fraction, stratify && data.task === 'classification' ? { labels: data.labels, classCount: data.classCount } : null);
  return { train: subsetDataset(data, parts.kept), test: subsetDataset(data, parts.held) };
}
