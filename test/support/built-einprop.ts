// Runs the built executable as a user would (`npm test` builds it first), and makes small inputs for it.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCsv } from '../../src/data/csv.js';
import { syntheticDigits } from '../../src/data/synthetic-digits.js';
import { packageRoot } from '../../src/paths.js';
import { Random } from '../../src/tensor/random.js';

const bin = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

/** What one run of the executable did. */
export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/src/cli/main.js ...args` in `cwd` (default: here) and waits for it. */
export function einprop(args: readonly string[], cwd?: string): Run {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build with \`npm run build\` before running this test`);
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000, cwd });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A run of the executable in the background: the process, and what it did once it ends. */
export interface Started {
  readonly child: ChildProcess;
  /** Its exit code (null if a signal ended it), the signal that ended it (or null), and its output. */
  readonly ended: Promise<Run & { readonly signal: NodeJS.Signals | null }>;
  /** Its stderr so far. */
  stderr(): string;
}

/** Starts `node dist/src/cli/main.js ...args` in the background, to be signalled while it runs. */
export function startEinprop(args: readonly string[], cwd?: string): Started {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build with \`npm run build\` before running this test`);
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<Run & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, ended, stderr: () => stderr };
}

/** Resolves once `condition()` holds, checking every 20 ms; rejects after `timeoutMs`, naming `what`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `einprop(args)` that must exit 0 with nothing on stderr; returns its stdout parsed as JSON. */
export function einpropJson(args: readonly string[], cwd?: string): unknown {
  const run = einprop([...args, '--json'], cwd);
  if (run.status !== 0 || run.stderr !== '') throw new Error(`einprop ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** A fresh temporary folder and a function to remove it (for afterAll). */
export function scratchFolder(): { at: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'einprop-cli-'));
  return { at: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `rows` synthetic 8×8 digits (64 features, labels 0..9) as a CSV at `path`; returns `path`. */
export function digitsCsv(path: string, rows: number, seed = 7): string {
  writeCsv(path, syntheticDigits(rows, seed));
  return path;
}

/** Writes `rows` samples of 4 features in 3 classes (the feature of the class shifted by 2) as a CSV at `path`; returns `path`. */
export function blobsCsv(path: string, rows: number): string {
  const random = new Random(5);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const label = random.nextInt(3);
    const features = [0, 1, 2, 3].map((j) => (random.nextNormal() + (j === label ? 2 : 0)).toFixed(4));
    lines.push(`${features.join(',')},${label}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/**
 * Writes `rows` rows of a learnable table with text labels as a CSV at `path`: a header, then
 * `species` (setosa, versicolor or virginica, in turn) first, an `id` column, and four numeric
 * features around each species' centre. Returns `path`.
 */
export function speciesCsv(path: string, rows: number, seed = 3): string {
  const names = ['setosa', 'versicolor', 'virginica'];
  const random = Random.stream(seed, 'species-table');
  const lines = ['species,id,sepal_length,sepal_width,petal_length,petal_width'];
  for (let r = 0; r < rows; r++) {
    const c = r % 3;
    const cells = [1 + c, 3 - c / 2, 1.5 + 2 * c, 0.3 + c].map((centre) => (centre + 0.3 * random.nextNormal()).toFixed(2));
    lines.push([names[c], `id${r}`, ...cells].join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Writes the CSV at `from` without its last (label) column to `to`; returns `to`. */
export function withoutLabels(from: string, to: string): string {
  const lines = readFileSync(from, 'utf8').split('\n');
  writeFileSync(to, lines.map((line) => line.split(',').slice(0, -1).join(',')).join('\n'));
  return to;
}

/** The bytes of a safetensors file after its header: the tensors' data. */
export function tensorBytes(path: string): Buffer {
  const bytes = readFileSync(path);
  return bytes.subarray(8 + Number(bytes.readBigUInt64LE(0)));
}
