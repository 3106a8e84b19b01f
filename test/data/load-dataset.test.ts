// Tests of the dataset spec dispatch: mnist, CSV, IDX, and anything else.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/data/csv.js';
import { encodeIdx } from '../../src/data/idx.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { syntheticDigits } from '../../src/data/synthetic-digits.js';
import { UserError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadDataset', () => {
  it('reads a .csv path as CSV', () => {
    const path = join(dir, 'digits.CSV');
    writeCsv(path, syntheticDigits(30, 3));
    const data = loadDataset(path);
    expect([data.count, data.featureCount, data.classCount, data.source]).toEqual([30, 64, 10, path]);
  });

  it('reads a folder, or an -ubyte or .idx file, as IDX', () => {
    const folder = join(dir, 'idx');
    mkdirSync(folder);
    writeFileSync(join(folder, 't10k-images-idx3-ubyte'), encodeIdx([2, 1, 3], new Uint8Array(6)));
    writeFileSync(join(folder, 't10k-labels-idx1-ubyte'), encodeIdx([2], Uint8Array.from([4, 1])));
    writeFileSync(join(folder, 'my-images.idx'), encodeIdx([2, 1, 3], new Uint8Array(6)));
    writeFileSync(join(folder, 'my-labels.idx'), encodeIdx([2], Uint8Array.from([4, 1])));
    for (const spec of [folder, join(folder, 't10k-labels-idx1-ubyte'), join(folder, 'my-images.idx')]) {
      const data = loadDataset(spec);
      expect([data.count, data.featureCount, data.classCount]).toEqual([2, 3, 5]);
    }
  });

  it('anything else is a UserError naming it', () => {
    const path = join(dir, 'digits.txt');
    writeFileSync(path, '1,2,0\n');
    expect(() => loadDataset(path)).toThrow(UserError);
    expect(() => loadDataset(path)).toThrow(`${path}: not a dataset`);
    expect(() => loadDataset('fashion')).toThrow("fashion: not a dataset (use 'mnist'");
  });
});
