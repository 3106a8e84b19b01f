// `einprop bench`: steady-state training throughput over thread counts and batch sizes, as a table or one JSON object.

import { availableParallelism } from 'node:os';
import type { Argv, CommandModule, Options } from 'yargs';
import { type ScalingPlan, type ScalingResult, type ScalingRow, MEASURED_EPOCHS, MIN_STEPS, STEADY_SAMPLES, defaultThreadCounts, measureScaling } from '../train/benchmark.js';
import type { TrainConfig } from '../train/config.js';
import { MAX_THREADS } from '../parallel/index.js';
import { type FlagValue, badFlag, once, positiveInteger } from './flag-values.js';
import { flagLookup, toTrainConfig } from './options.js';
import { runOptions, toGlobalFlags, trainingOptions } from './flag-definitions.js';
import { printResult } from './output.js';
import { einpropVersion } from './version.js';
import { Interrupted } from '../errors.js';
import { StopSignals, stoppedBy } from './stop-signals.js';

/** Batch sizes the table covers by default. */
export const DEFAULT_BATCH_SIZES = [128, 1024] as const;

/** Rounds over the cells by default. */
export const DEFAULT_REPEAT = 3;

/** What `einprop bench` reports: the scaling table, the machine, and this einprop's version. */
export interface BenchReport extends ScalingResult {
  readonly einprop: string;
  readonly data: string;
}

const bench = 'Benchmark:';

// Thread count and batch size are what the table varies (lists here); epochs are replaced by --steps and --repeat.
const { threads: _threads, 'batch-size': _batchSize, epochs: _epochs, ...modelOptions } = trainingOptions;

/** The flags that choose the table's cells and how each is measured. */
export const benchOptions = {
  threads: { type: 'string', group: bench, requiresArg: true, describe: 'thread counts, a comma list; 1 is always measured, as the baseline', defaultDescription: '1,2,4,8,16 up to the cores, and the core count' },
  'batch-size': { type: 'string', group: bench, requiresArg: true, describe: 'batch sizes, a comma list', defaultDescription: DEFAULT_BATCH_SIZES.join(',') },
  repeat: { group: bench, requiresArg: true, describe: 'rounds: each measures every cell once; the table shows medians over them', defaultDescription: String(DEFAULT_REPEAT) },
  steps: { group: bench, requiresArg: true, describe: 'steps in each epoch, warm-up and measured', defaultDescription: `${STEADY_SAMPLES} samples' worth, at least ${MIN_STEPS}` },
} as const satisfies Record<string, Options>;

const HOW = [
  'How it measures: in each of --repeat rounds, every cell (batch size × thread count) is one training run of the model on --data: ' +
    `a warm-up epoch of --steps steps (plans compiled, workers started and warmed), then ${MEASURED_EPOCHS} measured epochs of --steps steps on freshly ` +
    'shuffled batches, timed over the steps alone (evaluation excluded); the run counts its median epoch. Rounds interleave the cells, so a drift ' +
    'of the machine touches them alike; samples/s, overhead and imbalance are medians over the rounds.',
  'speed-up = the median over the rounds of samples/s ÷ samples/s on 1 thread at the same batch size in the same round; ' +
    'efficiency = speed-up ÷ threads. Shards come from the batch size ' +
    '(128 → 8, 1024 → 16), never from the thread count, so threads beyond the shard count idle. overhead = µs per step outside the slowest ' +
    'thread’s shard computation (dispatch, waiting, the reduction of shard gradients, the optimiser step); imbalance = µs per step by ' +
    'which the slowest thread’s shards outlast the mean working thread’s (the others wait that long for a straggler).',
].join('\n\n');

/** Measures the scaling table and prints it (with --json: one object with the rows). */
export const benchCommand: CommandModule = {
  command: 'bench',
  describe: 'measure training throughput, speed-up and per-step overhead over thread counts and batch sizes',
  builder: (yargs: Argv) => yargs.options(modelOptions).options(benchOptions).epilogue(HOW),
  handler: async (argv) => {
    const flags = toGlobalFlags(argv);
    const { config, plan } = toBenchSettings(argv);
    const onRow = flags.json || flags.quiet ? undefined : reportRow;
    const stop = new StopSignals();
    stop.listen();
    let report: BenchReport;
    try {
      report = await benchReport(config, plan, onRow, stop.signal);
    } catch (error) {
      if (stop.signal.aborted) throw new Interrupted(`interrupted${stoppedBy(stop.stoppedBy)}: bench stopped before its table was complete`, stop.exitCode);
      throw error;
    } finally {
      stop.close();
    }
    printResult(flags.json, report, benchTable(report));
  },
};

/**
 * The training configuration (threads and batch size are set per cell) and the table's plan, from the
 * flags. --threads, --batch-size and --shards may also come from the --config file (a number there is
 * a list of one); --repeat and --steps are the command line's alone. --shards, like any other
 * training flag, holds for every cell: it must fit the smallest batch size.
 */
export function toBenchSettings(argv: Readonly<Record<string, unknown>>): { config: TrainConfig; plan: ScalingPlan } {
  const fromFlagsOrFile = flagLookup(argv);
  // A --config file shared with train may name what train writes; bench writes none of it, so it must not look as if it did.
  for (const key of Object.keys(runOptions)) {
    const runKey = fromFlagsOrFile(key);
    if (runKey !== undefined) throw badFlag(runKey.where, "is train's: bench saves, resumes and logs nothing");
  }
  const given = (name: string): FlagValue | undefined => (argv[name] === undefined ? undefined : { raw: once(name, argv[name]), where: `--${name}` });
  const threads = fromFlagsOrFile('threads');
  const batchSizes = fromFlagsOrFile('batch-size');
  const repeat = given('repeat');
  const steps = given('steps');
  const plan: ScalingPlan = {
    threads: threads === undefined ? defaultThreadCounts(Math.min(availableParallelism(), MAX_THREADS)) : countList(threads, MAX_THREADS),
    batchSizes: batchSizes === undefined ? [...DEFAULT_BATCH_SIZES] : countList(batchSizes),
    repeat: repeat === undefined ? DEFAULT_REPEAT : positiveInteger(repeat),
    steps: steps === undefined ? undefined : positiveInteger(steps),
  };
  // Each cell sets its own thread count and batch size; these stand in for them (and check --shards against the smallest batch).
  const config = toTrainConfig({ ...argv, threads: 1, 'batch-size': Math.min(...plan.batchSizes) });
  return { config, plan };
}

/** Measures the table of `plan` for `config` and adds what identifies the run; aborting `signal` rejects (see measureScaling). */
export async function benchReport(config: TrainConfig, plan: ScalingPlan, onRow?: (row: ScalingRow) => void, signal?: AbortSignal): Promise<BenchReport> {
  const result = await measureScaling(config, plan, onRow, signal);
  return { einprop: einpropVersion, data: config.data, ...result };
}

/** The report as text: the machine and method above, one line per cell below. */
export function benchTable(report: BenchReport): string {
  const lines = [
    `einprop ${report.einprop}, node ${report.node}, ${report.cores} core${report.cores === 1 ? '' : 's'}: ${report.cpu}`,
    `model ${report.layers.join('-')} on ${report.data}, float32; medians of ${report.repeat} interleaved round${report.repeat === 1 ? '' : 's'}, each a run's median of ${MEASURED_EPOCHS} epochs of the steps shown after a warm-up epoch`,
    '',
    [pad('batch', 6), pad('threads', 7), pad('shards', 6), pad('steps', 5), pad('samples/s', 10), pad('speed-up', 8), pad('efficiency', 10), pad('overhead µs/step', 16), pad('imbalance µs/step', 17)].join('  '),
  ];
  for (const row of report.rows) {
    lines.push(
      [
        pad(String(row.batch_size), 6),
        pad(String(row.threads), 7),
        pad(String(row.shards), 6),
        pad(String(row.steps), 5),
        pad(String(Math.round(row.samples_per_second)), 10),
        pad(`${row.speedup.toFixed(2)}×`, 8),
        pad(`${(100 * row.efficiency).toFixed(0)}%`, 10),
        pad(row.step_overhead_us.toFixed(1), 16),
        pad(row.step_imbalance_us.toFixed(1), 17),
      ].join('  '),
    );
  }
  return lines.join('\n');
}

/** Shows a finished cell on stderr while the rest are measured. */
function reportRow(row: ScalingRow): void {
  process.stderr.write(`bench: batch ${row.batch_size}, ${row.threads} thread${row.threads === 1 ? '' : 's'}: ${Math.round(row.samples_per_second)} samples/s\n`);
}

function pad(text: string, width: number): string {
  return text.padStart(width);
}

/**
 * A comma list of positive integers up to `most`, such as `1,2,4` (in a --config file also a JSON
 * array), each once, in the order given; a usage error naming the flag otherwise.
 */
function countList(flag: FlagValue, most = Number.MAX_SAFE_INTEGER): number[] {
  const raw = flag.raw;
  const fromCommandLine = flag.where.startsWith('--');
  if (Array.isArray(raw) && fromCommandLine) throw badFlag(flag.where, `is given ${raw.length} times; give it once, as a comma list`);
  const items = (Array.isArray(raw) ? raw.map(String) : String(raw).split(',')).map((item) => item.trim());
  if (!items.every((item) => /^\d+$/.test(item) && Number(item) > 0 && Number.isSafeInteger(Number(item)))) {
    throw badFlag(flag.where, `must be a comma list of positive integers such as 1,2,4, got ${JSON.stringify(String(raw))}`);
  }
  const counts = items.map(Number);
  const over = counts.find((count) => count > most);
  if (over !== undefined) throw badFlag(flag.where, `must hold counts of at most ${most}, got ${over}`);
  // A cell measured twice would be compared with the first one's baseline: once is enough.
  return [...new Set(counts)];
}
