import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { einpropVersion } from '../../src/cli/version.js';
import { syntheticCsv } from '../support/config.js';
import { einpropInProcess } from '../support/cli-in-process.js';

// These train for real, briefly: a small CSV, a 64-16-10 network, 3 steps per epoch, one measured epoch.
const data = syntheticCsv(200);
const tiny = ['--data', data, '--layers', '64,16,10', '--repeat', '1', '--steps', '3'];

const einprop = einpropInProcess;

describe('einprop bench', () => {
  it('prints the machine, then one table line per thread count with speed-up 1.00× and 100% at one thread', async () => {
    const run = await einprop('bench', ...tiny, '--threads', '1,2', '--batch-size', '32', '--quiet');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`einprop ${einpropVersion}, node ${process.version}, ${availableParallelism()} core${availableParallelism() === 1 ? '' : 's'}: ${cpus()[0].model.trim()}`);
    expect(lines[1]).toContain('model 64-16-10');
    const header = lines[3].trim().split(/\s{2,}/);
    expect(header).toEqual(['batch', 'threads', 'shards', 'steps', 'samples/s', 'speed-up', 'efficiency', 'overhead µs/step', 'imbalance µs/step']);
    const rows = lines.slice(4).map((line) => line.trim().split(/\s+/));
    expect(rows).toHaveLength(2);
    expect(rows[0].slice(0, 4)).toEqual(['32', '1', '2', '3']);
    expect(rows[0].slice(5, 7)).toEqual(['1.00×', '100%']);
    expect(rows[0][8]).toBe('0.0');
    expect(rows[1].slice(0, 4)).toEqual(['32', '2', '2', '3']);
    for (const row of rows) expect(Number(row[4])).toBeGreaterThan(0);
  });

  it('--json prints one object whose rows have speed-up 1 at one thread and efficiency = speed-up / threads; 1 is always measured', async () => {
    const run = await einprop('bench', ...tiny, '--threads', '2', '--batch-size', '32,64', '--json');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = JSON.parse(run.stdout) as { rows: Record<string, number>[] } & Record<string, unknown>;
    expect(report).toMatchObject({ einprop: einpropVersion, node: process.version, cores: availableParallelism(), cpu: cpus()[0].model.trim(), layers: [64, 16, 10], repeat: 1, data });
    expect(report.rows.map((r) => [r.batch_size, r.threads, r.shards, r.steps])).toEqual([
      [32, 1, 2, 3],
      [32, 2, 2, 3],
      [64, 1, 4, 3],
      [64, 2, 4, 3],
    ]);
    for (const row of report.rows) {
      expect(Object.keys(row)).toEqual(['batch_size', 'threads', 'shards', 'steps', 'samples_per_second', 'speedup', 'efficiency', 'step_overhead_us', 'step_imbalance_us', 'samples_per_second_each']);
      expect(row.samples_per_second).toBeGreaterThan(0);
      expect(row.efficiency).toBeCloseTo(row.speedup / row.threads, 12);
      const baseline = report.rows.find((r) => r.batch_size === row.batch_size && r.threads === 1);
      expect(row.speedup).toBeCloseTo(row.samples_per_second / (baseline?.samples_per_second ?? Number.NaN), 12);
      if (row.threads === 1) expect(row.speedup).toBe(1);
    }
  });

  it('reports the batch that ran: a batch size larger than the training set is the whole set', async () => {
    const run = await einprop('bench', ...tiny, '--threads', '1', '--batch-size', '1000', '--json');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout) as { rows: { batch_size: number }[] };
    // 200 rows, 20% held out for testing: 160 to train on.
    expect(report.rows.map((row) => row.batch_size)).toEqual([160]);
  });

  it.each([
    [['--threads', '1,x'], '--threads must be a comma list of positive integers'],
    [['--batch-size', '0'], '--batch-size must be a comma list of positive integers'],
    [['--repeat', '0'], '--repeat must be a positive integer'],
    [['--threads', '1', '--threads', '2'], '--threads is given 2 times'],
    [['--repeat', '2', '--repeat', '0'], '--repeat is given 2 times; give it once'],
    [['--epochs', '2'], 'unknown flag --epochs'],
    [['--shards', '40', '--batch-size', '32,64'], '--shards 40 is more than the batch size 32'],
  ])('%j is a usage error on one line naming the flag, before any training', async (flags, message) => {
    const run = await einprop('bench', '--data', data, ...flags);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^einprop: [^\n]*\n$/);
    expect(run.stderr).toContain(message);
  });

  it("a --config file naming train's run keys is refused rather than ignored", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'einprop-bench-')), 'run.json');
    writeFileSync(file, JSON.stringify({ save: 'model.safetensors' }));
    const run = await einprop('bench', '--data', data, '--config', file);
    expect(run).toMatchObject({ code: 2, stderr: `einprop: "save" in ${file} is train's: bench saves, resumes and logs nothing\n` });
  });

  it('--shards holds for every cell, and the --config file may give the lists and the model', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'einprop-bench-')), 'bench.json');
    // Lists as JSON arrays too; a size given twice is measured once.
    writeFileSync(file, JSON.stringify({ 'batch-size': [16, 32, 16], threads: 2, layers: '64,8,10', shards: 4 }));
    const run = await einprop('bench', '--data', data, '--repeat', '1', '--steps', '2', '--config', file, '--json');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout) as { layers: number[]; rows: Record<string, number>[] };
    expect(report.layers).toEqual([64, 8, 10]);
    expect(report.rows.map((r) => [r.batch_size, r.threads, r.shards])).toEqual([
      [16, 1, 4],
      [16, 2, 4],
      [32, 1, 4],
      [32, 2, 4],
    ]);
  });
});
