import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../src/checkpoint/checkpoint.js';
import { Random } from '../../src/tensor/random.js';
import { blobsCsv } from '../support/built-einprop.js';
import { einpropInProcess } from '../support/cli-in-process.js';

// These train for real, on one thread and a small CSV (`npm test` builds the kernels first).
const dir = mkdtempSync(join(tmpdir(), 'einprop-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => join(dir, name);

const data = blobsCsv(at('blobs.csv'), 200);

const einprop = einpropInProcess;

const tensorBytes = (path: string): Buffer => {
  const bytes = readFileSync(path);
  return bytes.subarray(8 + Number(bytes.readBigUInt64LE(0)));
};

describe('einprop train', () => {
  it('--json prints one result object; --save writes a loadable checkpoint; --metrics one line per epoch', async () => {
    const save = at('a.safetensors');
    const metrics = at('a.jsonl');
    const run = await einprop('train', '--data', data, '--epochs', '2', '--threads', '1', '--batch-size', '16', '--json', '--save', save, '--metrics', metrics);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(result).toMatchObject({ epochs: 2, threads: 1, seed: 42, layers: [4, 256, 128, 3], interrupted: false, saved: save });
    expect(typeof result.test_accuracy).toBe('number');
    const snapshot = loadCheckpoint(save);
    expect([snapshot.epoch, snapshot.step]).toEqual([2, 0]);
    expect(snapshot.config.model.layers).toEqual([4, 256, 128, 3]);
    const lines = readFileSync(metrics, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.epoch, line.step])).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(Object.keys(lines[0])).toEqual(['run', 'epoch', 'step', 'loss', 'accuracy', 'samples_per_second', 'threads', 'elapsed', 'test_accuracy']);
    // The lines and the result carry the run's id: one per process, random.
    expect(lines.every((line) => line.run === result.run)).toBe(true);
    expect(result.run).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('training 3 epochs equals training 2, then resuming for 1 more: the same weights, bit for bit', async () => {
    const flags = ['--data', data, '--threads', '1', '--batch-size', '16', '--layers', '4,8,3', '--optimizer', 'momentum', '--quiet'];
    expect((await einprop('train', ...flags, '--epochs', '3', '--save', at('full.safetensors'))).code).toBe(0);
    expect((await einprop('train', ...flags, '--epochs', '2', '--save', at('part.safetensors'))).code).toBe(0);
    // The resumed run takes its model and optimiser from the checkpoint, not from repeated flags.
    expect((await einprop('train', '--data', data, '--threads', '1', '--quiet', '--epochs', '3', '--resume', at('part.safetensors'), '--save', at('part.safetensors'))).code).toBe(0);
    expect(tensorBytes(at('part.safetensors')).equals(tensorBytes(at('full.safetensors')))).toBe(true);
  });

  it('on a table with text labels, 3 epochs equal 2 and a resumed 1, and the resumed checkpoint keeps the classes', async () => {
    const table = at('species.csv');
    writeFileSync(table, ['id;colour;weight;kind', ...Array.from({ length: 90 }, (_, r) => `${r};${(r % 3) + new Random(r).nextNormal() / 4};${r % 7};${['oak', 'ash', 'elm'][r % 3]}`)].join('\n'));
    const flags = ['--data', table, '--ignore', 'id', '--target', 'kind', '--stratify', '--threads', '1', '--batch-size', '16', '--hidden', '8', '--quiet'];
    expect((await einprop('train', ...flags, '--epochs', '3', '--save', at('kinds-full.safetensors'))).code).toBe(0);
    expect((await einprop('train', ...flags, '--epochs', '2', '--save', at('kinds.safetensors'))).code).toBe(0);
    expect((await einprop('train', '--data', table, '--threads', '1', '--quiet', '--epochs', '3', '--resume', at('kinds.safetensors'), '--save', at('kinds.safetensors'))).code).toBe(0);
    expect(tensorBytes(at('kinds.safetensors')).equals(tensorBytes(at('kinds-full.safetensors')))).toBe(true);
    expect(loadCheckpoint(at('kinds.safetensors')).schema).toEqual({ classes: ['ash', 'elm', 'oak'], table: { columns: 4, target: [3], ignore: [0], names: ['id', 'colour', 'weight', 'kind'] } });
    const other = await einprop('train', '--data', table, '--threads', '1', '--epochs', '5', '--target', 'weight', '--resume', at('kinds.safetensors'));
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^einprop: --target is weight, but .* was trained with kind; a resumed run keeps its target/);
  });

  it('--test naming the --data file is exit 2 before any training', async () => {
    const run = await einprop('train', '--data', data, '--test', data, '--threads', '1');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^einprop: --test names the --data file/);
  });

  it('a resumed run that contradicts its checkpoint is exit 2 and trains nothing', async () => {
    const checkpoint = at('part.safetensors');
    const before = readFileSync(checkpoint);
    const run = await einprop('train', '--data', data, '--threads', '1', '--epochs', '9', '--optimizer', 'sgd', '--resume', checkpoint, '--save', checkpoint);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`einprop: --optimizer is sgd, but ${checkpoint} was trained with momentum; a resumed run keeps its optimizer (leave it out)\n`);
    expect(readFileSync(checkpoint).equals(before)).toBe(true);
  });

  it('--log-every N adds a metrics line every N steps of the run, and each epoch ends with its own line, once', async () => {
    const metrics = at('steps.jsonl');
    // A file whose last line lacks its newline still gets whole lines after it.
    writeFileSync(metrics, '{"note":"an earlier run"}');
    await einprop('train', '--data', data, '--epochs', '2', '--threads', '1', '--batch-size', '16', '--layers', '4,3', '--quiet', '--metrics', metrics, '--log-every', '4');
    const lines = readFileSync(metrics, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { step?: number; test_accuracy?: number });
    expect(lines[0]).toEqual({ note: 'an earlier run' });
    expect(lines.slice(1).map((line) => line.step)).toEqual([4, 8, 10, 12, 16, 20]);
    expect(lines.slice(1).map((line) => line.test_accuracy !== undefined)).toEqual([false, false, true, false, false, true]);
  });

  it('a checkpoint names its data by absolute path; eval of a model whose data is gone says so', async () => {
    const moved = at('moved.csv');
    writeFileSync(moved, readFileSync(data));
    const save = at('abs.safetensors');
    const run = await einprop('train', '--data', relative(process.cwd(), moved), '--epochs', '1', '--threads', '1', '--layers', '4,3', '--quiet', '--save', save);
    expect(run.code).toBe(0);
    expect(loadCheckpoint(save).config.data).toBe(moved);
    rmSync(moved);
    const gone = await einprop('eval', '--model', save);
    expect(gone).toMatchObject({ code: 1, stderr: `einprop: ${save} was trained on ${moved}, which is not there now; give --data\n` });
  });

  it('a --save whose folder is missing, or that is a folder, and --log-every without --metrics are exit 2 before training', async () => {
    const missing = await einprop('train', '--data', data, '--epochs', '1', '--threads', '1', '--save', at('nowhere/x.safetensors'));
    expect(missing).toMatchObject({ code: 2, stderr: `einprop: --save ${at('nowhere/x.safetensors')}: the folder ${at('nowhere')} does not exist\n` });
    expect((await einprop('train', '--data', data, '--epochs', '1', '--threads', '1', '--save', dir)).stderr).toBe(`einprop: --save ${dir} is a folder; give a file name\n`);
    expect((await einprop('train', '--data', data, '--epochs', '1', '--threads', '1', '--log-every', '2')).stderr).toBe('einprop: --log-every logs to the --metrics file; give one\n');
  });

  it('a --save or --metrics that is a FIFO, or runs through a file, or a --metrics folder that is missing, is exit 2 before the data is read, and nothing changes', async () => {
    const fifo = at('pipe.st');
    execFileSync('mkfifo', [fifo]);
    // The data file does not exist: the output is refused first, so it is never read.
    const absent = at('absent.csv');
    for (const flag of ['--save', '--metrics']) {
      const run = await einprop('train', '--data', absent, '--epochs', '1', '--threads', '1', flag, fifo);
      expect(run).toEqual({ code: 2, stdout: '', stderr: `einprop: ${flag} ${fifo} is a FIFO, not a regular file; einprop writes only regular files\n` });
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    }
    const through = await einprop('train', '--data', absent, '--epochs', '1', '--threads', '1', '--save', join(data, 'x.st'));
    expect(through).toMatchObject({ code: 2, stderr: `einprop: --save ${join(data, 'x.st')}: ${data} is not a folder\n` });
    const metrics = await einprop('train', '--data', absent, '--epochs', '1', '--threads', '1', '--metrics', at('nowhere/m.jsonl'));
    expect(metrics).toMatchObject({ code: 2, stderr: `einprop: --metrics ${at('nowhere/m.jsonl')}: the folder ${at('nowhere')} does not exist\n` });
  });

  it('--save through a symbolic link writes the file it links to: the link stays a link', async () => {
    const target = at('linked-target.safetensors');
    const link = at('link.safetensors');
    symlinkSync(target, link);
    const run = await einprop('train', '--data', data, '--epochs', '1', '--threads', '1', '--layers', '4,3', '--quiet', '--save', link);
    expect(run.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(loadCheckpoint(target).epoch).toBe(1);
  });

  it('--test naming the --data file, by another spelling or through a link, is exit 2 before training', async () => {
    symlinkSync(data, at('same.csv'));
    for (const test of [data, at('same.csv'), `${dir}/./blobs.csv`]) {
      const run = await einprop('train', '--data', data, '--test', test, '--epochs', '1', '--threads', '1');
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `einprop: --test names the --data file (${data}): every test row would also be a training row; give another file, or leave --test out to hold rows out with --test-split\n`,
      );
    }
  });

  it('a missing data file or a corrupt checkpoint is one line, exit 1, naming the file', async () => {
    const missing = await einprop('train', '--data', at('nope.csv'), '--threads', '1');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(new RegExp(`^einprop: .*${at('nope.csv').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\\n$`));
    const corrupt = at('corrupt.safetensors');
    writeFileSync(corrupt, readFileSync(at('a.safetensors')).subarray(0, 100));
    const resumed = await einprop('train', '--data', data, '--threads', '1', '--resume', corrupt);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(new RegExp(`^einprop: ${corrupt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  });

  it('--save or --metrics naming the data or the --config file is exit 2 and leaves the file as it was', async () => {
    const before = readFileSync(data);
    for (const output of ['--save', '--metrics']) {
      const run = await einprop('train', '--data', data, '--epochs', '1', '--threads', '1', '--layers', '4,3', output, data);
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toBe(`einprop: ${output} would overwrite ${data}, which --data names; give it another file\n`);
      expect(readFileSync(data).equals(before)).toBe(true);
    }
    const config = at('run.json');
    writeFileSync(config, JSON.stringify({ epochs: 1, threads: 1, layers: '4,3' }));
    const overConfig = await einprop('train', '--data', data, '--config', config, '--save', config);
    expect(overConfig.code).toBe(2);
    expect(overConfig.stderr).toContain('which --config names');
    // --metrics must not be the checkpoint it resumes from, though --save may replace it.
    const resumed = await einprop('train', '--data', data, '--threads', '1', '--epochs', '5', '--resume', at('a.safetensors'), '--metrics', at('a.safetensors'));
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('which --resume names');
  });

  it('Ctrl-C stops at a step boundary, saves a loadable checkpoint, reports interrupted and exits 130', async () => {
    const big = blobsCsv(at('big.csv'), 4000);
    const save = at('stopped.safetensors');
    // Two threads: the worker pool's steps yield to the event loop, where signals are delivered.
    const listening = process.listenerCount('SIGINT');
    const running = einprop('train', '--data', big, '--epochs', '3000', '--threads', '2', '--layers', '4,3', '--json', '--save', save);
    // One Ctrl-C once the run listens (its data loaded): a second would end this process at once.
    const ticker = setInterval(() => {
      if (process.listenerCount('SIGINT') === listening) return;
      clearInterval(ticker);
      process.emit('SIGINT');
    }, 50);
    const run = await running.finally(() => clearInterval(ticker));
    expect(run.code).toBe(130);
    expect(JSON.parse(run.stdout)).toMatchObject({ interrupted: true, saved: save });
    expect(run.stderr).toBe(`einprop: interrupted: continue with --resume ${save}\n`);
    expect(loadCheckpoint(save).epoch).toBeLessThan(3000);
  });
});
