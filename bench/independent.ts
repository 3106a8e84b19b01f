// Benchmark: einprop's speed-up on k threads beside the machine's own ceiling for it.
//
// The ceiling: k separate processes each train the default MNIST network on one thread at once,
// sharing nothing. Their summed samples/s over one thread's is the most a k-thread run could reach
// on this machine once memory bandwidth, shared caches and the clock's drop under load are paid.
// A step waits for its slowest thread, so a synchronous run's own ceiling is lower: k times the
// slowest lone process ("slowest × k"), where the sum averages fast and slow cores alike.
// Each round measures, back to back, one `einprop bench --threads k` (one thread, then k) and the k
// processes, so a machine whose speed drifts touches both alike; the table shows medians over rounds.
//
//   node dist/bench/independent.js [--threads 2,16] [--batch-size 1024] [--rounds 3]

import { availableParallelism } from 'node:os';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { median } from '../src/train/benchmark.js';
import { benchProcess, speedOf } from './bench-process.js';

/** Runs in each lone process: its median is taken while all k run, not while the first or last is alone. */
const LONE_REPEAT = 3;

/** One round at k threads: one thread's samples/s, k threads', and k lone processes' summed and slowest. */
interface Round {
  readonly one: number;
  readonly threaded: number;
  readonly lone: number;
  readonly slowest: number;
}

async function round(threads: number, batchSize: number): Promise<Round> {
  const batch = ['--batch-size', String(batchSize)];
  const rows = await benchProcess(['--threads', String(threads), ...batch, '--repeat', '1']);
  const lone = await Promise.all(Array.from({ length: threads }, () => benchProcess(['--threads', '1', ...batch, '--repeat', String(LONE_REPEAT)])));
  const speeds = lone.map((rows) => speedOf(rows, 1));
  return { one: speedOf(rows, 1), threaded: speedOf(rows, threads), lone: speeds.reduce((sum, s) => sum + s, 0), slowest: Math.min(...speeds) };
}

const argv = yargs(hideBin(process.argv))
  .option('threads', { type: 'string', describe: 'thread counts k, a comma list', default: String(availableParallelism()) })
  .option('batch-size', { type: 'number', default: 1024 })
  .option('rounds', { type: 'number', default: 3 })
  .strict()
  .parseSync();

console.log(`batch ${argv['batch-size']}, medians of ${argv.rounds} rounds, node ${process.version}, ${availableParallelism()} cores`);
console.log('threads  one thread  k threads  k processes   speed-up   ceiling   of ceiling   slowest × k');
for (const k of argv.threads.split(',').map(Number)) {
  const rounds: Round[] = [];
  for (let r = 0; r < argv.rounds; r++) rounds.push(await round(k, argv['batch-size']));
  const med = (f: (r: Round) => number): number => median(rounds.map(f));
  const cells = [
    String(k).padStart(7),
    med((r) => r.one).toFixed(0).padStart(10),
    med((r) => r.threaded).toFixed(0).padStart(9),
    med((r) => r.lone).toFixed(0).padStart(11),
    `${med((r) => r.threaded / r.one).toFixed(2)}×`.padStart(9),
    `${med((r) => r.lone / r.one).toFixed(2)}×`.padStart(8),
    `${(100 * med((r) => r.threaded / r.lone)).toFixed(0)}%`.padStart(11),
    `${med((r) => (r.slowest * k) / r.one).toFixed(2)}×`.padStart(12),
  ];
  console.log(cells.join('  '));
}
