// The benchmark's output: one markdown section, ready to paste into BENCHMARKS.md.

import { describeSetup } from './bench-config.js';
import { markdownTable } from './markdown-table.js';
import type { ContenderSummary, ThreadSpeedup } from './summarize.js';

/** Where, when and how the numbers were measured. */
export interface ReportContext {
  readonly date: Date;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly command: string;
  readonly rounds: number;
  readonly epochs: number;
  /** Nanoseconds of an Atomics round trip between two threads, measured before each round (bench/round-trip.ts). */
  readonly roundTrips: readonly number[];
  /** The GEMM benchmark's table, or null when it was skipped. */
  readonly gemm: string | null;
}

/** The report: setup, throughput and accuracy table, einprop-to-peer ratios, einprop's thread speed-up, notes, the GEMM table. */
export function report(summaries: readonly ContenderSummary[], speedup: ThreadSpeedup | null, context: ReportContext): string {
  const order = summaries.map((s) => s.contender).join(', ');
  const lines = [
    `### ${context.date.toISOString().slice(0, 10)}: ${context.cpu}, ${context.cores} cores, ${context.memoryGiB} GiB, Node ${context.node}`,
    '',
    `${summaries.map((s) => s.library).filter((l, i, all) => all.indexOf(l) === i).join(', ')}. Command: \`${context.command}\`.`,
    '',
    `Setup: ${describeSetup(context.epochs)}. ${plural(context.rounds, 'round')} of [${order}], each run in a fresh Node process. ` +
      'Samples/s counts training steps only (data already in memory; evaluation excluded).',
    '',
    throughputTable(summaries, context.epochs),
    '',
    ratioTable(summaries),
    '',
    speedupLine(speedup),
    '',
    roundTripLine(speedup, context.roundTrips),
    '',
    ...notes(summaries),
  ];
  if (context.gemm !== null) lines.push('', 'einsum GEMM (`npm run bench:gemm`, one thread):', '', '```text', context.gemm.trimEnd(), '```');
  return lines.join('\n');
}

function throughputTable(summaries: readonly ContenderSummary[], epochs: number): string {
  const rows = summaries.map((s) => [
    s.contender,
    s.library,
    String(s.threads),
    grouped(s.medianSamplesPerSecond),
    `${grouped(s.minSamplesPerSecond)} – ${grouped(s.maxSamplesPerSecond)}`,
    timedOver(s, epochs),
    accuracyCell(s.accuracies),
  ]);
  const header = ['contender', 'library', 'threads', 'samples/s (median)', 'min – max', 'runs timed over', `test accuracy after ${plural(epochs, 'epoch')}`];
  return markdownTable(header, rows, ['left', 'left', 'right', 'right', 'right', 'left', 'right']);
}

function ratioTable(summaries: readonly ContenderSummary[]): string {
  const einprop = summaries.filter((s) => s.contender.startsWith('einprop'));
  const peers = summaries.filter((s) => !s.contender.startsWith('einprop'));
  if (einprop.length === 0 || peers.length === 0) return '(no einprop-to-peer ratio: a side did not run)';
  const rows = einprop.map((e) => [e.contender, ...peers.map((p) => `${(e.medianSamplesPerSecond / p.medianSamplesPerSecond).toFixed(2)}×`)]);
  return markdownTable(['median samples/s ratio', ...peers.map((p) => `÷ ${p.contender}`)], rows, ['left', ...peers.map(() => 'right' as const)]);
}

/** Each round's thread speed-up beside the round trip measured before it: a slow round trip marks a round run while two threads were far apart. */
function roundTripLine(speedup: ThreadSpeedup | null, roundTrips: readonly number[]): string {
  const rounds = roundTrips.map((ns, k) => {
    const ratio = speedup?.ratios[k];
    return `${ratio === undefined ? '' : `${ratio.toFixed(2)}× after `}${ns.toFixed(0)} ns`;
  });
  return (
    `By round, einprop-all ÷ einprop-1 and the Atomics round trip between two threads measured just before (\`npm run bench:round-trip\`): ${rounds.join('; ')}. ` +
    'A round trip several times the usual one means the two threads ran far apart (on a virtual machine, its vCPUs on distant cores), where threads that share data slow down.'
  );
}

function speedupLine(speedup: ThreadSpeedup | null): string {
  if (speedup === null) return '(no einprop-all ÷ einprop-1: a side did not run)';
  const spread = speedup.rounds > 1 ? ` (${speedup.min.toFixed(2)}× – ${speedup.max.toFixed(2)}×)` : '';
  return `einprop-all ÷ einprop-1, the median over ${plural(speedup.rounds, 'round')} of the same round's pair of runs: **${speedup.median.toFixed(2)}×**${spread}.`;
}

function notes(summaries: readonly ContenderSummary[]): string[] {
  return summaries.flatMap((s) => {
    const lines = s.notes.map((note) => `- ${s.contender}: ${note}.`);
    if (s.partialSteps.length > 0) {
      lines.push(`- ${s.contender}: ${s.partialSteps.length} of its ${s.runs} runs were timed over their first ${[...new Set(s.partialSteps)].join('/')} steps only, to save time; its accuracy comes from its full runs.`);
    }
    return lines;
  });
}

/** "3 × 3 epochs", or "1 × 3 epochs, 2 × 50 steps" when some runs stopped after a fixed number of steps. */
function timedOver(s: ContenderSummary, epochs: number): string {
  const full = `${s.accuracies.length} × ${plural(epochs, 'epoch')}`;
  if (s.partialSteps.length === 0) return full;
  const steps = [...new Set(s.partialSteps)].join('/');
  return `${s.accuracies.length > 0 ? `${full}, ` : ''}${s.partialSteps.length} × ${steps} steps`;
}

/** One accuracy, or the range when the full runs disagree, as percentages. */
function accuracyCell(accuracies: readonly number[]): string {
  if (accuracies.length === 0) return 'no full run';
  const low = Math.min(...accuracies);
  const high = Math.max(...accuracies);
  return low === high ? percent(low) : `${percent(low)} – ${percent(high)}`;
}

/** "1 epoch", "3 epochs". */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function percent(share: number): string {
  return `${(100 * share).toFixed(2)} %`;
}

function grouped(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
