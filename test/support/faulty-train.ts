// Trains with faults or stalls injected: the test worker entry in the pool, and the same wrapper around the coordinator's seat.

import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import type { TrainConfig } from '../../src/train/config.js';
import type { TrainResult } from '../../src/train/reports.js';
import { type RunOptions, trainWith } from '../../src/train/trainer.js';
import { type Faults, FaultySeat } from '../../workers/faulty-worker.js';

/** The compiled test worker entry that piscina loads. */
export const faultyWorkerPath = join(packageRoot, 'dist', 'workers', 'faulty-worker.js');

/** train(config, options), with `faults` injected into the thread they name. */
export function trainFaulty(config: TrainConfig, options: RunOptions, faults: Faults): Promise<TrainResult> {
  return trainWith(config, options, { worker: { filename: faultyWorkerPath, data: faults }, coordinator: (seat) => new FaultySeat(seat, faults) });
}
