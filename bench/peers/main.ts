// Benchmark (issue 7): einprop against TensorFlow.js on the same MNIST training run; prints a markdown report.

import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_EPOCHS } from './bench-config.js';
import { type ContenderResult, CONTENDER_NAMES } from './contender-result.js';
import { report } from './report.js';
import { roundTripNanoseconds } from '../round-trip.js';
import { spawnContender, spawnScript } from './spawn-contender.js';
import { summarize, threadSpeedup } from './summarize.js';

/** tfjs-cpu trains at a few hundred samples/s: after round 1's full run, time only this many steps. */
const DEFAULT_TFJS_CPU_STEPS = 50;

const USAGE =
  'usage: npm run bench:peers -- [--rounds N (3)] [--epochs N (3)] [--tfjs-cpu-steps N (50; 0: full runs every round)] [--skip-gemm]';

/** The command line's settings. */
interface Options {
  rounds: number;
  epochs: number;
  tfjsCpuSteps: number;
  gemm: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '3' },
      epochs: { type: 'string', default: String(BENCH_EPOCHS) },
      'tfjs-cpu-steps': { type: 'string', default: String(DEFAULT_TFJS_CPU_STEPS) },
      'skip-gemm': { type: 'boolean', default: false },
    },
  });
  return {
    rounds: integerFlag('--rounds', values.rounds, 1),
    epochs: integerFlag('--epochs', values.epochs, 1),
    tfjsCpuSteps: integerFlag('--tfjs-cpu-steps', values['tfjs-cpu-steps'], 0),
    gemm: !values['skip-gemm'],
  };
}

function integerFlag(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${flag} ${text}: expected an integer ≥ ${min}`);
  return value;
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`bench:peers: ${error instanceof Error ? error.message : String(error)} (${USAGE})`);
    process.exit(2);
  }
  const results: ContenderResult[] = [];
  const roundTrips: number[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const { median } = await roundTripNanoseconds();
    roundTrips.push(median);
    console.error(`round ${round}/${options.rounds} Atomics round trip between two threads: ${median.toFixed(0)} ns`);
    for (const contender of CONTENDER_NAMES) {
      const maxSteps = contender === 'tfjs-cpu' && round > 1 ? options.tfjsCpuSteps : 0;
      const result = await spawnContender(contender, options.epochs, maxSteps);
      const accuracy = result.testAccuracy === null ? `${result.steps} steps` : `test accuracy ${(100 * result.testAccuracy).toFixed(2)} %`;
      console.error(`round ${round}/${options.rounds} ${contender.padEnd(11)} ${Math.round(result.samplesPerSecond).toString().padStart(7)} samples/s, ${accuracy}`);
      results.push(result);
    }
  }
  let gemm: string | null = null;
  if (options.gemm) {
    console.error('einsum GEMM table (bench/gemm)…');
    gemm = await spawnScript(fileURLToPath(new URL('../gemm.js', import.meta.url)));
  }
  const args = process.argv.slice(2);
  console.log(
    report(summarize(results), threadSpeedup(results), {
      date: new Date(),
      cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: availableParallelism(),
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      command: `npm run bench:peers${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
      rounds: options.rounds,
      epochs: options.epochs,
      roundTrips,
      gemm,
    }),
  );
}

await main();
