import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openMetrics, type MetricsRecord } from '../../src/cli/metrics.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';

/** While `full` is set, every write fails as on a full disk. */
const disk = vi.hoisted((): { full: boolean } => ({ full: false }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    writeSync: (...args: Parameters<typeof fs.writeSync>): number => {
      if (disk.full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return fs.writeSync(...args);
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), 'einprop-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));
const arbRecord: fc.Arbitrary<MetricsRecord> = fc.record({
  epoch: fc.nat(1000),
  step: fc.nat(100_000),
  loss: finite,
  accuracy: fc.option(fc.double({ min: 0, max: 1, noNaN: true }).filter((x) => !Object.is(x, -0)), { nil: null }),
  samples_per_second: finite,
  threads: fc.integer({ min: 1, max: 256 }),
  elapsed: finite,
});

describe('openMetrics', () => {
  it('each write is one JSON line, readable at once (before close), after whatever the file held', () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 8 }), (records) => {
        const path = join(dir, `m${counter++}.jsonl`);
        writeFileSync(path, '{"earlier":true}\n');
        const metrics = openMetrics(path, 'run-1');
        records.forEach((record, i) => {
          metrics.write(record);
          const lines = readFileSync(path, 'utf8').split('\n');
          expect(lines.length).toBe(i + 3);
          expect(lines[i + 2]).toBe('');
          expect(JSON.parse(lines[i + 1])).toEqual({ run: 'run-1', ...record });
        });
        metrics.close();
        expect(readFileSync(path, 'utf8').split('\n')[0]).toBe('{"earlier":true}');
      }),
      fcOptions(30),
    );
  });

  it('writes the keys in the documented order, the run id first, and a NaN loss as null', () => {
    const path = join(dir, 'order.jsonl');
    const metrics = openMetrics(path, 'abc');
    metrics.write({ elapsed: 1.5, threads: 4, samples_per_second: 1000, accuracy: 0.5, loss: NaN, step: 3, epoch: 1 });
    metrics.close();
    expect(readFileSync(path, 'utf8')).toBe('{"run":"abc","epoch":1,"step":3,"loss":null,"accuracy":0.5,"samples_per_second":1000,"threads":4,"elapsed":1.5}\n');
    expect(() => metrics.write({ epoch: 1, step: 1, loss: 1, accuracy: null, samples_per_second: 1, threads: 1, elapsed: 1 })).toThrow(/closed/);
  });

  it("an epoch's line adds the held-out figures it has, in the documented order, and best_epoch", () => {
    const path = join(dir, 'held-out.jsonl');
    const metrics = openMetrics(path, 'r');
    metrics.write({ epoch: 2, step: 8, loss: 0.5, accuracy: null, samples_per_second: 10, threads: 1, elapsed: 2, best_epoch: 1, val_r2: 0.5, test_accuracy: NaN, test_rmse: 3, val_loss: 0.75 });
    metrics.close();
    expect(readFileSync(path, 'utf8')).toBe(
      '{"run":"r","epoch":2,"step":8,"loss":0.5,"accuracy":null,"samples_per_second":10,"threads":1,"elapsed":2,"test_accuracy":null,"test_rmse":3,"val_loss":0.75,"val_r2":0.5,"best_epoch":1}\n',
    );
  });

  it('a file that is not there is made with the first line, so a run that logs nothing leaves none; one that was there stays', () => {
    const made = join(dir, 'made.jsonl');
    openMetrics(made, 'r').close();
    expect(existsSync(made)).toBe(false);
    const before = openMetrics(made, 'r');
    expect(existsSync(made)).toBe(false);
    before.close();
    const kept = openMetrics(made, 'r');
    kept.write({ epoch: 1, step: 1, loss: 1, accuracy: null, samples_per_second: 1, threads: 1, elapsed: 1 });
    kept.close();
    expect(readFileSync(made, 'utf8').split('\n')).toHaveLength(2);
    const there = join(dir, 'there.jsonl');
    writeFileSync(there, '');
    openMetrics(there, 'r').close();
    expect(existsSync(there)).toBe(true);
  });

  it('a file that cannot be opened is a UserError naming it', () => {
    const path = join(dir, 'missing', 'm.jsonl');
    expect(() => openMetrics(path, 'r')).toThrow(UserError);
    expect(() => openMetrics(path, 'r')).toThrow(`cannot open ${path} for --metrics: no such file or folder`);
  });

  it('a FIFO is refused as not a regular file', () => {
    const fifo = join(dir, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    expect(() => openMetrics(fifo, 'r')).toThrow(`cannot open ${fifo} for --metrics: it is a FIFO, not a regular file`);
  });

  it('a write that fails (a full disk) is a UserError naming the file', () => {
    const path = join(dir, 'full.jsonl');
    const metrics = openMetrics(path, 'r');
    disk.full = true;
    try {
      expect(() => metrics.write({ epoch: 1, step: 1, loss: 1, accuracy: null, samples_per_second: 1, threads: 1, elapsed: 1 })).toThrow(
        new UserError(`cannot write ${path} (--metrics): no space left on the device`),
      );
    } finally {
      disk.full = false;
      metrics.close();
    }
  });
});
