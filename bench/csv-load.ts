// Benchmark: loadCsv against numpy.loadtxt on one generated CSV, each in a process of its own, alternately: MB/s and peak memory.
//
// node dist/bench/csv-load.js [--mb 300] [--features 784] [--runs 3] [--file PATH] [--whitespace]
// Generates a CSV of `--features` columns written with six significant digits and a label column
// (about `--mb` megabytes; kept if `--file` names where; cells apart by blanks in a .txt with
// `--whitespace`), then times `loadCsv` and
// `python3 -c 'numpy.loadtxt(...)'` on it in turn. Peak memory is the process's peak RSS above its
// RSS just before loading, shown also as a multiple of the float32 data (rows × columns × 4 bytes).

import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { textTable } from '../src/cli/text-table.js';
import { loadCsv } from '../src/data/csv.js';
import { Random } from '../src/tensor/random.js';

/** What one load measured. */
interface Load {
  readonly seconds: number;
  /** Peak RSS above the RSS just before loading, in bytes. */
  readonly peakBytes: number;
  readonly rows: number;
}

const NUMPY = `
import json, resource, sys, time
import numpy as np
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize()
start = rss()
began = time.perf_counter()
a = np.loadtxt(sys.argv[1], delimiter=None if sys.argv[1].endswith('.txt') else ',', dtype=np.float32)
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({'seconds': seconds, 'peakBytes': peak - start, 'rows': a.shape[0]}))
`;

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '300' },
    features: { type: 'string', default: '784' },
    runs: { type: 'string', default: '3' },
    file: { type: 'string' },
    whitespace: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

if (values.child !== undefined) {
  // One einprop load, in this process, for the parent to read.
  const start = process.memoryUsage().rss;
  const began = performance.now();
  const data = loadCsv(values.child);
  const seconds = (performance.now() - began) / 1000;
  const peakBytes = process.resourceUsage().maxRSS * 1024 - start;
  console.log(JSON.stringify({ seconds, peakBytes, rows: data.count } satisfies Load));
} else {
  compare(Number(values.mb), Number(values.features), Number(values.runs), values.file, values.whitespace ? ' ' : ',');
}

/** Generates the file, loads it `runs` times with each reader in turn, and prints the table. */
function compare(megabytes: number, features: number, runs: number, keep: string | undefined, separator: string): void {
  const folder = keep === undefined ? mkdtempSync(join(tmpdir(), 'einprop-csv-bench-')) : undefined;
  const path = keep ?? join(folder ?? '.', separator === ',' ? 'bench.csv' : 'bench.txt');
  try {
    const rows = writeTable(path, megabytes * 1e6, features, separator);
    const bytes = statSync(path).size;
    const dataBytes = rows * (features + 1) * 4;
    console.error(`${path}: ${rows} rows of ${features} features and a label, ${(bytes / 1e6).toFixed(0)} MB; float32 data ${(dataBytes / 1e6).toFixed(0)} MB`);
    const table: string[][] = [['reader', 'run', 'seconds', 'MB/s', 'peak above start (MB)', 'peak / float32 data']];
    const speeds: Record<string, number[]> = { 'einprop loadCsv': [], 'numpy.loadtxt': [] };
    for (let run = 1; run <= runs; run++) {
      // Alternate which goes first, so that neither always finds the file warmer in the page cache.
      const order = run % 2 === 1 ? (['einprop loadCsv', 'numpy.loadtxt'] as const) : (['numpy.loadtxt', 'einprop loadCsv'] as const);
      for (const reader of order) {
        const load = reader === 'numpy.loadtxt' ? numpyLoad(path) : einpropLoad(path);
        if (load.rows !== rows) throw new Error(`${reader} read ${load.rows} rows, not ${rows}`);
        const speed = bytes / 1e6 / load.seconds;
        speeds[reader].push(speed);
        table.push([reader, String(run), load.seconds.toFixed(2), speed.toFixed(1), (load.peakBytes / 1e6).toFixed(0), `${(load.peakBytes / dataBytes).toFixed(2)}×`]);
      }
    }
    console.log(textTable(table));
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const ratio = median(speeds['einprop loadCsv']) / median(speeds['numpy.loadtxt']);
    console.log(`median MB/s: einprop ${median(speeds['einprop loadCsv']).toFixed(1)}, numpy ${median(speeds['numpy.loadtxt']).toFixed(1)} (einprop ${ratio.toFixed(2)}× numpy)`);
  } finally {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  }
}

/** Writes rows of `features` values in [0, 255) with six significant digits and a label 0..9, cells apart by `separator`, until `bytes` are written; returns the row count. */
function writeTable(path: string, bytes: number, features: number, separator: string): number {
  const random = Random.stream(7, 'csv-bench');
  const fd = openSync(path, 'w');
  let written = 0;
  let rows = 0;
  const cells = new Array<string>(features + 1);
  try {
    while (written < bytes) {
      const lines: string[] = [];
      for (let r = 0; r < 256; r++, rows++) {
        for (let j = 0; j < features; j++) cells[j] = (random.nextFloat() * 255).toPrecision(6);
        cells[features] = String(rows % 10);
        lines.push(cells.join(separator));
      }
      written += writeSync(fd, lines.join('\n') + '\n');
    }
  } finally {
    closeSync(fd);
  }
  return rows;
}

/** One loadCsv of `path` in a fresh node process. */
function einpropLoad(path: string): Load {
  return childLoad(process.execPath, [fileURLToPath(import.meta.url), '--child', path], 'einprop');
}

/** One numpy.loadtxt of `path` in a fresh python process. */
function numpyLoad(path: string): Load {
  return childLoad('python3', ['-c', NUMPY, path], 'numpy');
}

function childLoad(command: string, args: readonly string[], what: string): Load {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`${what} load failed (exit ${result.status}): ${result.stderr}`);
  const load: unknown = JSON.parse(result.stdout);
  if (typeof load !== 'object' || load === null || !('seconds' in load) || !('peakBytes' in load) || !('rows' in load)) throw new Error(`${what} printed ${result.stdout}`);
  const { seconds, peakBytes, rows } = load;
  if (typeof seconds !== 'number' || typeof peakBytes !== 'number' || typeof rows !== 'number') throw new Error(`${what} printed ${result.stdout}`);
  return { seconds, peakBytes, rows };
}
