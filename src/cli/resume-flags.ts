// A resumed run continues the checkpoint's run: flags may extend it or change its pace, not what it is.

import type { TrainConfig } from '../train/config.js';
import { UserError } from '../errors.js';
import { badFlag } from './flag-values.js';
import type { Snapshot } from '../checkpoint/checkpoint.js';
import { flagLookup, toConfigFile } from './options.js';
import { sameDataset } from './run-files.js';

/**
 * What a resumed run takes from its checkpoint and no flag may change: what the model is (its task,
 * layers, activations, loss and class weights), the optimiser (its state is in the checkpoint), the
 * normalisation and target scaling (fitted on the first run's data), the columns that are its inputs
 * and targets, and the seed (the random streams continue from the checkpoint's states).
 */
const KEPT = ['task', 'layers', 'activation', 'output', 'loss', 'init', 'class-weight', 'optimizer', 'normalize', 'normalize-target', 'target', 'ignore', 'seed'] as const;

/**
 * What may change between epochs but not in the middle of one: the checkpoint counts the steps
 * of its epoch in batches of its size over its order of its training rows.
 */
const MID_EPOCH = ['batch-size', 'data', 'test', 'test-split', 'validation', 'validation-split', 'stratify', 'shuffle', 'delimiter', 'header'] as const;

/**
 * Throws a usage error (exit 2) where the flags (or the --config file) contradict the checkpoint
 * at `path`: a KEPT setting given another value, a MID_EPOCH one changed in the middle of an
 * epoch, or no epochs left to train.
 * `config` is what toTrainConfig made of the flags over the checkpoint's settings.
 */
export function checkResumeFlags(argv: Readonly<Record<string, unknown>>, config: TrainConfig, snapshot: Snapshot, path: string): void {
  const given = flagLookup(argv);
  const wanted = toConfigFile(config);
  const saved = toConfigFile(snapshot.config);
  for (const key of KEPT) {
    const flag = given(key);
    if (flag === undefined || same(key, wanted[key], saved[key])) continue;
    throw badFlag(flag.where, `is ${shown(wanted[key])}, but ${path} was trained with ${shown(saved[key])}; a resumed run keeps its ${key} (leave it out)`);
  }
  for (const key of MID_EPOCH) {
    const flag = given(key);
    if (flag === undefined || snapshot.step === 0 || same(key, wanted[key], saved[key])) continue;
    throw badFlag(
      flag.where,
      `is ${shown(wanted[key])}, but ${path} stopped ${snapshot.step} steps into epoch ${snapshot.epoch + 1} with ${shown(saved[key])}; finish that epoch with it first`,
    );
  }
  const early = snapshot.earlyStopping;
  if (early !== undefined && config.patience !== undefined && early.epochsSinceBest >= config.patience && config.epochs > snapshot.epoch) {
    const where = given('patience')?.where ?? `"patience" of ${path}`;
    throw badFlag(where, `is ${config.patience}, but ${path} stopped early after epoch ${snapshot.epoch}: its validation loss has not improved for ${early.epochsSinceBest} epochs; give --patience more than ${early.epochsSinceBest} to train on`);
  }
  if (config.epochs > snapshot.epoch) return;
  const epochs = given('epochs');
  if (epochs === undefined) throw new UserError(`${path} has finished all ${snapshot.epoch} of its epochs; give --epochs more than ${snapshot.epoch} to train on`, 2);
  throw badFlag(epochs.where, `is ${config.epochs}, but ${path} has finished ${snapshot.epoch} epochs already; ask for more than ${snapshot.epoch} to train on`);
}

/** Whether two values of `key` ask for the same thing: lists by their items, data and test files by the file (a checkpoint keeps them absolute). */
function same(key: string, a: unknown, b: unknown): boolean {
  if (a === b || (Array.isArray(a) && Array.isArray(b) && JSON.stringify(a) === JSON.stringify(b))) return true;
  return (key === 'data' || key === 'test') && typeof a === 'string' && typeof b === 'string' && sameDataset(a, b);
}

/** A setting as a message shows it: an absent one (no --test) or an empty list as none. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  return value === undefined ? 'none' : String(value);
}
