// Tests of the dataset spec dispatch: mnist, CSV, IDX, and anything else.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/data/csv.js';
import { encodeIdx } from '../../src/data/idx.js';
import { formatCsv } from '../../src/data/csv.js';
import { loadDataset, resolveNormalize } from '../../src/data/load-dataset.js';
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

  it('reads .tsv, .txt and their .gz files as tables, each delimiter detected', () => {
    const data = syntheticDigits(30, 3);
    const comma = formatCsv(data);
    const files: [string, string | Buffer][] = [
      ['digits.tsv', comma.replaceAll(',', '\t')],
      ['digits.txt', comma.replaceAll(',', '  ')],
      ['digits.csv.gz', gzipSync(comma)],
      ['digits.tsv.gz', gzipSync(comma.replaceAll(',', '\t'))],
      ['digits.TXT.GZ', gzipSync(comma.replaceAll(',', ';'))],
    ];
    for (const [name, contents] of files) {
      writeFileSync(join(dir, name), contents);
      const read = loadDataset(join(dir, name));
      expect(read.features).toEqual(data.features);
      expect(read.labels).toEqual(data.labels);
    }
  });

  it('auto normalisation is standard for tables and max for images', () => {
    expect(['a.csv', 'b.tsv.gz', 'mnist', 'idx/', 'x-ubyte'].map((spec) => resolveNormalize('auto', spec))).toEqual(['standard', 'standard', 'max', 'max', 'max']);
    expect(resolveNormalize('minmax', 'mnist')).toBe('minmax');
  });

  it('reads a folder, or an -ubyte or .idx file, as IDX, its labels as classes in numeric order', () => {
    const folder = join(dir, 'idx');
    mkdirSync(folder);
    writeFileSync(join(folder, 't10k-images-idx3-ubyte'), encodeIdx([2, 1, 3], new Uint8Array(6)));
    writeFileSync(join(folder, 't10k-labels-idx1-ubyte'), encodeIdx([2], Uint8Array.from([4, 1])));
    writeFileSync(join(folder, 'my-images.idx'), encodeIdx([2, 1, 3], new Uint8Array(6)));
    writeFileSync(join(folder, 'my-labels.idx'), encodeIdx([2], Uint8Array.from([4, 1])));
    for (const spec of [folder, join(folder, 't10k-labels-idx1-ubyte'), join(folder, 'my-images.idx')]) {
      const data = loadDataset(spec);
      expect([data.count, data.featureCount, data.classCount, ...data.classes, ...data.labels]).toEqual([2, 3, 2, '1', '4', 1, 0]);
    }
    const known = loadDataset(folder, { classes: ['0', '1', '2', '3', '4'] });
    expect(Array.from(known.labels)).toEqual([4, 1]);
    expect(() => loadDataset(folder, { classes: ['0', '1'], classesAre: "the model's classes" })).toThrow(`${folder}, row 1: class 4 is not one of the model's classes (0, 1)`);
  });

  it('anything else is a UserError naming it', () => {
    const path = join(dir, 'digits.json');
    writeFileSync(path, '[1,2,0]\n');
    expect(() => loadDataset(path)).toThrow(UserError);
    expect(() => loadDataset(path)).toThrow(`${path}: not a dataset`);
    expect(() => loadDataset('fashion')).toThrow("fashion: not a dataset (use 'mnist'");
  });
});
