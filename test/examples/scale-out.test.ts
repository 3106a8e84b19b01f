// examples/scale-out run by a Python with torch (skipped, saying so, where there is none): one more step in PyTorch equals one more step in einprop.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { valuesOf } from '../../src/checkpoint/safetensors-entry.js';
import { readSafetensors } from '../../src/checkpoint/safetensors.js';
import { packageRoot } from '../../src/paths.js';
import { digitsCsv, einprop, einpropJson, scratchFolder } from '../support/built-einprop.js';

const EXAMPLES = join(packageRoot, 'examples', 'scale-out');
const CANDIDATES = ['python3', '/usr/bin/python3'];

/** The first of CANDIDATES that imports torch and numpy, or undefined. */
function pythonWithTorch(): string | undefined {
  return CANDIDATES.find((python) => spawnSync(python, ['-c', 'import torch, numpy'], { encoding: 'utf8', timeout: 120_000 }).status === 0);
}

const python = pythonWithTorch();
const suite = python === undefined ? describe.skip : describe;
if (python === undefined) console.log(`examples/scale-out: skipped, no Python with torch and numpy (tried ${CANDIDATES.join(', ')})`);

const folder = scratchFolder();
afterAll(folder.remove);

/** Runs an example script with `args`; returns its stdout parsed as JSON (it must exit 0). */
function runScript(script: string, args: readonly string[]): unknown {
  const run = spawnSync(python ?? 'python3', [join(EXAMPLES, script), ...args], { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`${script} exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Every tensor of a safetensors file (all F32) by name. */
function tensors(path: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, entry] of readSafetensors(path).tensors) {
    const values = valuesOf(entry);
    if (!(values instanceof Float32Array)) throw new Error(`${path}: ${name} is ${entry.dtype}`);
    out.set(name, values);
  }
  return out;
}

/** The largest |a − b| over `b`'s tensors, each compared with `a`'s tensor of the same name, in units of 1e-6 + 1e-5·|b|. */
function worstError(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  let worst = 0;
  for (const [name, expected] of b) {
    const actual = a.get(name);
    if (actual === undefined || actual.length !== expected.length) throw new Error(`no tensor ${name} of ${expected.length} values to compare`);
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1e-6 + 1e-5 * Math.abs(expected[i])));
  }
  return worst;
}

/** The largest |a − b| over the tensors both files hold under the same names. */
function largestChange(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  let largest = 0;
  for (const [name, after] of b) {
    const before = a.get(name);
    if (before !== undefined) for (let i = 0; i < after.length; i++) largest = Math.max(largest, Math.abs(after[i] - before[i]));
  }
  return largest;
}

// 48 rows in one batch of 64 in file order: an epoch is exactly one step, on every row.
const data = digitsCsv(folder.at('digits.csv'), 48, 5);
const ONE_STEP_EPOCHS = ['--data', data, '--batch-size', '64', '--no-shuffle', '--test-split', '0', '--threads', '1'];

suite(`examples/scale-out/continue_with_torch.py (Python with torch: ${python ?? 'none'})`, () => {
  it.each([
    ['sgd with weight decay', ['--optimizer', 'sgd', '--lr', '0.1', '--weight-decay', '0.01', '--normalize', 'standard']],
    ['momentum on a step schedule, tanh layers', ['--optimizer', 'momentum', '--lr', '0.05', '--momentum', '0.8', '--schedule', 'step', '--step-size', '1', '--gamma', '0.5', '--activation', 'tanh']],
    ['Nesterov momentum with weight decay', ['--optimizer', 'momentum', '--nesterov', '--lr', '0.05', '--weight-decay', '0.001']],
    ['adam with weight decay', ['--optimizer', 'adam', '--lr', '0.01', '--weight-decay', '0.01']],
    ['adam, sigmoid output and mse', ['--optimizer', 'adam', '--lr', '0.01', '--output', 'sigmoid', '--loss', 'mse', '--normalize', 'none']],
  ])('%s: the weights and optimiser state after one step in PyTorch equal those after one more epoch in einprop', (name, flags) => {
    const saved = folder.at(`${name}.safetensors`);
    einpropJson(['train', ...ONE_STEP_EPOCHS, '--layers', '64,12,10', '--epochs', '2', ...flags, '--save', saved]);
    const next = folder.at(`${name}.next.safetensors`);
    einpropJson(['train', '--data', data, '--resume', saved, '--epochs', '3', '--threads', '1', '--save', next]);
    const [weights, state] = [folder.at(`${name}.torch.safetensors`), folder.at(`${name}.torch-state.safetensors`)];
    runScript('continue_with_torch.py', ['--checkpoint', saved, '--data', data, '--out', weights, '--out-optimizer', state]);
    const einpropNext = tensors(next);
    // The step moved the weights: a copy of the checkpoint would not pass.
    expect(largestChange(tensors(saved), einpropNext)).toBeGreaterThan(1e-3);
    expect(worstError(einpropNext, tensors(weights))).toBeLessThanOrEqual(1);
    expect(worstError(einpropNext, tensors(state))).toBeLessThanOrEqual(1);
    expect(tensors(weights).size + tensors(state).size).toBe([...einpropNext.keys()].length);
  });

  it('under DistributedDataParallel (gloo, one process) the step is the same, and einprop evaluates the weights it writes', () => {
    const saved = folder.at('adam.safetensors');
    einpropJson(['train', ...ONE_STEP_EPOCHS, '--layers', '64,12,10', '--epochs', '2', '--optimizer', 'adam', '--lr', '0.01', '--save', saved]);
    const next = folder.at('adam.next.safetensors');
    einpropJson(['train', '--data', data, '--resume', saved, '--epochs', '3', '--threads', '1', '--save', next]);
    const weights = folder.at('adam.ddp.safetensors');
    expect(runScript('continue_with_torch.py', ['--checkpoint', saved, '--data', data, '--out', weights, '--ddp'])).toMatchObject({ ddp: true, rows: 48 });
    expect(worstError(tensors(next), tensors(weights))).toBeLessThanOrEqual(1);
    const scored = einprop(['eval', '--model', weights, '--data', data, '--normalize', 'max', '--json']);
    expect(scored.status).toBe(0);
    expect(JSON.parse(scored.stdout)).toMatchObject({ samples: 48, split: 'all' });
  });
});

suite(`examples/scale-out/torch_to_einprop.py (Python with torch: ${python ?? 'none'})`, () => {
  it.each([
    ['BF16', 'sequential'],
    ['F16', 'einprop'],
    ['F32', 'module'],
  ])('an MLP trained by PyTorch and saved in %s under %s names: einprop predicts its classes, scores them, and fine-tunes it', (dtype, names) => {
    const path = folder.at(`torch-${dtype}-${names}.safetensors`);
    const torch = runScript('torch_to_einprop.py', ['--data', data, '--widths', '64,24,10', '--out', path, '--dtype', dtype, '--names', names]) as { predictions: number[]; margins: number[] };
    const predicted = einpropJson(['predict', '--model', path, '--data', data]) as number[];
    // Rows whose two largest outputs are within float32 rounding of each other may go either way.
    const clear = torch.margins.flatMap((margin, row) => (margin > 1e-4 ? [row] : []));
    expect(clear.length).toBeGreaterThan(40);
    expect(clear.map((row) => predicted[row])).toEqual(clear.map((row) => torch.predictions[row]));
    const labels = readLabels(data);
    const correct = predicted.filter((p, row) => p === labels[row]).length;
    expect(einpropJson(['eval', '--model', path, '--data', data])).toMatchObject({ correct, samples: 48 });
    const tuned = folder.at(`tuned-${dtype}.safetensors`);
    expect(einpropJson(['train', '--data', data, '--init-from', path, '--epochs', '2', '--threads', '1', '--save', tuned])).toMatchObject({ epochs: 2, layers: [64, 24, 10] });
  });
});

/** The labels (last column) of a CSV written by digitsCsv. */
function readLabels(path: string): number[] {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => Number(line.split(',').at(-1)));
}
