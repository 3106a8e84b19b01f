// A child process for the fault tests: trains through the built package with a fault injected, prints the error, exits 1.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainWith } from '../../dist/src/train/trainer.js';
import { FaultySeat } from '../../dist/workers/faulty-worker.js';

const [data, shard, kind, phase = 'shards'] = process.argv.slice(2);
const config = {
  model: { layers: [64, 16, 10], activation: 'relu', output: 'softmax', loss: 'cross-entropy', init: 'he' },
  optim: { optimizer: 'adam', lr: 0.01, momentum: 0.9, nesterov: false, weightDecay: 0, schedule: 'constant', stepSize: 1, gamma: 0.1 },
  data, test: undefined, testSplit: 0.2, shuffle: true, normalize: 'max', batchSize: 32, epochs: 2, seed: 5, threads: 2, shards: undefined,
};
const faults = { fault: { shard: Number(shard), kind, phase } };
const filename = join(fileURLToPath(new URL('../../dist/workers/', import.meta.url)), 'faulty-worker.js');
try {
  await trainWith(config, {}, { worker: { filename, data: faults }, coordinator: (seat) => new FaultySeat(seat, faults) });
  console.log('no failure');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
