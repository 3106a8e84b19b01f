// The einprop contender: `train` with the benchmark's config at the given thread count.

import { einpropVersion } from '../../src/cli/version.js';
import { train } from '../../src/train/trainer.js';
import { benchConfig } from './bench-config.js';
import type { ContenderName, ContenderResult } from './contender-result.js';

/** Trains the benchmark network for `epochs` with einprop on `threads` threads and reports the run. */
export async function runEinprop(contender: ContenderName, threads: number, epochs: number): Promise<ContenderResult> {
  const result = await train(benchConfig(threads, epochs));
  return {
    contender,
    threads: result.threads,
    samplesPerSecond: result.samples_per_second,
    steps: result.steps,
    complete: !result.interrupted && result.epochs === epochs,
    testAccuracy: result.test_accuracy,
    trainLoss: result.train_loss,
    library: `einprop ${einpropVersion}`,
    notes: [`${result.shards} shards per batch`],
  };
}
