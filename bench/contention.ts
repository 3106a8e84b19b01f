// Benchmark: training on every core while other processes want some of them.
//
// A user's machine is rarely idle: a browser, a build, another run. Each round measures
// `einprop bench --threads 1,k` twice, back to back: on a quiet machine, then beside `--busy`
// processes that spin forever. A synchronous step waits for its slowest thread, and a thread the
// OS has set aside for a busy process holds everyone up; the busy columns show what is left.
// With b busy processes on c cores, k threads could get at most k·c/(k + b) cores' worth.
//
//   node dist/bench/contention.js [--threads 2] [--busy 1] [--batch-size 1024,128] [--rounds 3]

import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { median } from '../src/train/benchmark.js';
import { benchProcess, speedOf } from './bench-process.js';

const argv = yargs(hideBin(process.argv))
  .option('threads', { type: 'number', describe: 'threads k of the multi-thread run', default: availableParallelism() })
  .option('busy', { type: 'number', describe: 'busy processes beside it', default: 1 })
  .option('batch-size', { type: 'string', default: '1024,128' })
  .option('rounds', { type: 'number', default: 3 })
  .strict()
  .parseSync();

const batches = argv['batch-size'].split(',').map(Number);
const args = ['--threads', `1,${argv.threads}`, '--batch-size', argv['batch-size'], '--repeat', '1'];

/** Starts a process that keeps one core busy until killed. */
function busyProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' });
}

/** Samples/s by condition, batch size and thread count, one entry per round. */
const speeds = new Map<string, number[]>();
const record = (key: string, value: number): void => {
  speeds.set(key, [...(speeds.get(key) ?? []), value]);
};

for (let round = 0; round < argv.rounds; round++) {
  for (const condition of ['quiet', 'busy'] as const) {
    const busy = condition === 'busy' ? Array.from({ length: argv.busy }, busyProcess) : [];
    try {
      const rows = await benchProcess(args);
      for (const b of batches) {
        const one = speedOf(rows, 1, b);
        const many = speedOf(rows, argv.threads, b);
        record(`${condition} ${b} one`, one);
        record(`${condition} ${b} many`, many);
        record(`${condition} ${b} ratio`, many / one);
      }
    } finally {
      for (const child of busy) child.kill();
    }
  }
}

const med = (key: string): number => median(speeds.get(key) ?? [Number.NaN]);
console.log(`${argv.threads} threads beside ${argv.busy} busy process${argv.busy === 1 ? '' : 'es'}, ${availableParallelism()} cores, medians of ${argv.rounds} rounds, node ${process.version}`);
console.log(' batch   quiet: 1 thread   k threads   speed-up   busy: 1 thread   k threads   speed-up');
for (const b of batches) {
  const cells = [
    String(b).padStart(6),
    med(`quiet ${b} one`).toFixed(0).padStart(16),
    med(`quiet ${b} many`).toFixed(0).padStart(11),
    `${med(`quiet ${b} ratio`).toFixed(2)}×`.padStart(9),
    med(`busy ${b} one`).toFixed(0).padStart(16),
    med(`busy ${b} many`).toFixed(0).padStart(11),
    `${med(`busy ${b} ratio`).toFixed(2)}×`.padStart(9),
  ];
  console.log(cells.join('  '));
}
