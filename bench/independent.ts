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

import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { median } from '../src/train/benchmark.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
/** Runs in each lone process: its median is taken while all k run, not while the first or last is alone. */
const LONE_REPEAT = 3;

/** The rows of `einprop bench --json`: samples/s by thread count. */
interface BenchJson {
  readonly rows: readonly { readonly threads: number; readonly samples_per_second: number }[];
}

/** Runs `einprop bench` with `args` in a process of its own and returns its rows. */
function benchProcess(args: readonly string[]): Promise<BenchJson['rows']> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'bench', ...args, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench/independent: einprop bench ${args.join(' ')} exited with code ${code}`));
      resolve((JSON.parse(out) as BenchJson).rows);
    });
  });
}

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
  const speed = (t: number): number => rows.find((row) => row.threads === t)!.samples_per_second;
  const lone = await Promise.all(Array.from({ length: threads }, () => benchProcess(['--threads', '1', ...batch, '--repeat', String(LONE_REPEAT)])));
  const speeds = lone.map((rows) => rows[0].samples_per_second);
  return { one: speed(1), threaded: speed(threads), lone: speeds.reduce((sum, s) => sum + s, 0), slowest: Math.min(...speeds) };
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
