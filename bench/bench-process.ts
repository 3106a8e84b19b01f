// Runs `einprop bench --json` in a process of its own, for benchmarks that compare whole processes.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ScalingRow } from '../src/train/benchmark.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** Runs `einprop bench ...args --json` in a child process and resolves with its rows. */
export function benchProcess(args: readonly string[]): Promise<readonly ScalingRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'bench', ...args, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`einprop bench ${args.join(' ')} exited with code ${code}`));
      const report: unknown = JSON.parse(out);
      if (typeof report !== 'object' || report === null || !('rows' in report) || !Array.isArray(report.rows)) {
        return reject(new Error(`einprop bench ${args.join(' ')} printed no rows`));
      }
      // The rows are einprop bench's own ScalingRow objects (src/train/benchmark.ts).
      resolve(report.rows as ScalingRow[]);
    });
  });
}

/** The samples/s of the row for `threads` (and `batchSize`, when given). */
export function speedOf(rows: readonly ScalingRow[], threads: number, batchSize?: number): number {
  const row = rows.find((r) => r.threads === threads && (batchSize === undefined || r.batch_size === batchSize));
  if (row === undefined) throw new Error(`einprop bench printed no row for ${threads} threads${batchSize === undefined ? '' : ` at batch ${batchSize}`}`);
  return row.samples_per_second;
}
