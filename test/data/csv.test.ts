// Tests of the CSV reader and writer: round trips, header detection, and a located error for each bad row.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCsv, loadCsv, loadCsvFeatures, parseCsv, parseCsvFeatures, writeCsv } from '../../src/data/csv.js';
import { makeDataset, type Dataset } from '../../src/data/dataset.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Small datasets with finite float32 features (-0 excluded: CSV has no negative zero worth keeping). */
const datasets: fc.Arbitrary<Dataset> = fc
  .record({ count: fc.integer({ min: 1, max: 6 }), featureCount: fc.integer({ min: 1, max: 5 }) })
  .chain(({ count, featureCount }) =>
    fc
      .record({
        features: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)), {
          minLength: count * featureCount,
          maxLength: count * featureCount,
        }),
        labels: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: count, maxLength: count }),
      })
      .map(({ features, labels }) => makeDataset(Float32Array.from(features), Int32Array.from(labels), featureCount, 'gen.csv')),
  );

/** The message of the UserError that `run` throws. */
function userErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected a UserError');
}

describe('parseCsv', () => {
  it('parsing the formatted CSV gives the dataset back, with or without a header', () => {
    fc.assert(
      fc.property(datasets, fc.boolean(), (data, header) => {
        const lines = Int32Array.from({ length: data.count }, (_, r) => r + (header ? 2 : 1));
        expect(parseCsv(formatCsv(data, { header }), 'gen.csv')).toEqual({ ...data, lines });
      }),
      fcOptions(100),
    );
  });

  it('a first line with no number is a header; an all-number first line is data', () => {
    const withHeader = parseCsv('a,b,label\n1,2,0\n3,4,1\n', 'h.csv');
    expect(withHeader.count).toBe(2);
    expect(Array.from(withHeader.features)).toEqual([1, 2, 3, 4]);
    const without = parseCsv('5,6,2\n1,2,0\n', 'n.csv');
    expect(without.count).toBe(2);
    expect(Array.from(without.labels)).toEqual([2, 0]);
    expect(without.classCount).toBe(3);
  });

  it('a real header is skipped: plain, after a byte-order mark, quoted, with an empty first cell, or naming columns by number', () => {
    for (const header of ['a,b,label', '\uFEFFa,b,label', '"x","y","label"', ',f1,label', 'NaN,Infinity,0x10', '0,1,label', 'x,1,target']) {
      const data = parseCsv(`${header}\n1,2,0\n3,4,1\n`, 'h.csv');
      expect(Array.from(data.features)).toEqual([1, 2, 3, 4]);
      expect(Array.from(data.labels)).toEqual([0, 1]);
    }
    // A byte-order mark before data does not make the first row a header.
    expect(parseCsv('\uFEFF1,2,0\n3,4,1\n', 'b.csv').count).toBe(2);
  });

  it('a first row that ends in a number but holds text is an error at its first non-number, not a header', () => {
    const cases: [string, string][] = [
      ['1,x,0\n3,4,1\n', 'd.csv:1:2: value "x" is not a number'],
      ['\n\r\nlabel,2,0\n3,4,1\n', 'd.csv:3:1: value "label" is not a number'],
      ['1,,0\n3,4,1\n', 'd.csv:1:2: value "" is not a number'],
    ];
    for (const [text, start] of cases) {
      const message = userErrorOf(() => parseCsv(text, 'd.csv'));
      expect(message.startsWith(start)).toBe(true);
      expect(message).toContain("(a header's last cell names a column)");
    }
    expect(userErrorOf(() => parseCsvFeatures('x,1\n3,4\n', 'f.csv', 2))).toMatch(/^f\.csv:1:1: value "x" is not a number/);
  });

  it('a first row is data when every cell is a number, a header when its last is not, else an error at its first non-number', () => {
    const numbers = fc.constantFrom('0', '7', '-2', '1.5', '.5', '3e2', '+4');
    const labels = fc.constantFrom('0', '1', '12');
    const words = fc.constantFrom('a', 'label', 'x1', '', 'NaN', 'Infinity', '0x10', '1..2', '"3"');
    const cell = (last: boolean): fc.Arbitrary<{ text: string; numeric: boolean }> =>
      fc.oneof(
        (last ? labels : numbers).map((text) => ({ text, numeric: true })),
        words.map((text) => ({ text, numeric: false })),
      );
    const firstRows = fc
      .integer({ min: 2, max: 6 })
      .chain((columns) => fc.tuple(...Array.from({ length: columns }, (_, j) => cell(j === columns - 1))));
    fc.assert(
      fc.property(firstRows, fc.nat(2), fc.integer({ min: 1, max: 4 }), fc.constantFrom('\n', '\r\n', '\r'), (cells, blanks, rows, end) => {
        const columns = cells.length;
        const lines: string[] = [...Array<string>(blanks).fill(''), cells.map((c) => c.text).join(',')];
        for (let i = 0; i < rows; i++) lines.push(Array.from({ length: columns }, (_, j) => String(j)).join(','));
        const text = lines.join(end) + end;
        const firstWord = cells.findIndex((c) => !c.numeric);
        if (firstWord === -1) {
          const data = parseCsv(text, 'p.csv');
          expect(data.count).toBe(rows + 1);
          expect(Array.from(data.features.subarray(0, columns - 1))).toEqual(cells.slice(0, -1).map((c) => Math.fround(Number(c.text))));
          expect(data.labels[0]).toBe(Number(cells[columns - 1].text));
        } else if (!cells[columns - 1].numeric) {
          expect(parseCsv(text, 'p.csv').count).toBe(rows);
        } else {
          const message = userErrorOf(() => parseCsv(text, 'p.csv'));
          expect(message.startsWith(`p.csv:${blanks + 1}:${firstWord + 1}: value "${cells[firstWord].text}" is not a number`)).toBe(true);
        }
      }),
      fcOptions(200),
    );
  });

  it('a lone CR ends a line as LF and CRLF do, and CRLF counts as one line end', () => {
    const data = parseCsv('1,2,0\r3,4,1\r', 'mac.csv');
    expect(Array.from(data.features)).toEqual([1, 2, 3, 4]);
    expect(Array.from(data.labels)).toEqual([0, 1]);
    expect(parseCsv('a,b,label\r1,2,0\r', 'mac.csv').count).toBe(1);
    // Line 1 ends in CR, line 2 (blank) in CRLF, line 3 in LF: the bad value is on line 4.
    expect(userErrorOf(() => parseCsv('1,2,0\r\r\n3,4,1\n5,x,0\r', 'mix.csv'))).toBe('mix.csv:4:2: value "x" is not a finite number');
  });

  it('blank lines and CRLF line ends are ignored', () => {
    const data = parseCsv('\r\n1, 2 ,0\r\n\r\n  \n3,4,1\r\n\n', 'b.csv');
    expect(Array.from(data.features)).toEqual([1, 2, 3, 4]);
    expect(Array.from(data.labels)).toEqual([0, 1]);
  });

  it('keeps the file line of each row, past blank lines and the header', () => {
    expect(Array.from(parseCsv('\nx,label\n1,0\n\n2,1\r\n\r3,2\n', 'l.csv').lines ?? [])).toEqual([3, 5, 7]);
  });

  it('names the file, the 1-based line and the 1-based column of each kind of bad row', () => {
    const good = '1,2,3,0\n';
    const cases: [string, string][] = [
      [`${good}\n1,2,3,4,0\n`, 'd.csv:3:5: expected 4 columns, found 5'],
      [`${good}1,2,0\n`, 'd.csv:2:4: expected 4 columns, found 3'],
      [`${good}${good}1,x,3,0\n`, 'd.csv:3:2: value "x" is not a finite number'],
      [`${good}1,,3,0\n`, 'd.csv:2:2: value "" is not a finite number'],
      [`${good}1,2,1e39,0\n`, 'd.csv:2:3: value "1e39" is not a finite number'],
      [`${good}Infinity,2,3,0\n`, 'd.csv:2:1: value "Infinity" is not a finite number'],
      [`${good}0x10,2,3,0\n`, 'd.csv:2:1: value "0x10" is not a finite number'],
      [`${good}1,2,3,3.5\n`, 'd.csv:2:4: label "3.5" is not a non-negative integer'],
      [`${good}1,2,3,-1\n`, 'd.csv:2:4: label "-1" is not a non-negative integer'],
      [`${good}1,2,3,seven\n`, 'd.csv:2:4: label "seven" is not a non-negative integer'],
      [`a,b,c,label\n${good}1,2,3\n`, 'd.csv:3:4: expected 4 columns, found 3'],
      ['5\n', 'd.csv:1:1: expected at least 2 columns (features, then the label), found 1'],
      ['', 'd.csv: the file is empty'],
      ['\n  \n\n', 'd.csv: the file is empty'],
      ['x,label\n\n', 'd.csv: the file has a header but no data rows'],
    ];
    for (const [text, message] of cases) expect(userErrorOf(() => parseCsv(text, 'd.csv'))).toBe(message);
  });

  it('a bad value anywhere is reported at exactly its line and column, whatever the line ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 2, max: 6 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('abc', 'NaN', '1..2', '-', '1e999'),
        fc.constantFrom('\n', '\r\n', '\r'),
        (rows, columns, r, c, bad, end) => {
          const row = r % rows;
          const column = c % columns;
          // A valid first line, so that the bad row is never taken for a header.
          const lines: string[] = [Array.from({ length: columns }, () => '1').join(',')];
          for (let i = 0; i < rows; i++) {
            const fields: string[] = [];
            for (let j = 0; j < columns; j++) fields.push(i === row && j === column ? bad : String(j));
            lines.push(fields.join(','));
          }
          const message = userErrorOf(() => parseCsv(lines.join(end), 'p.csv'));
          expect(message.startsWith(`p.csv:${row + 2}:${column + 1}: `)).toBe(true);
        },
      ),
      fcOptions(100),
    );
  });
});

describe('loadCsv and writeCsv', () => {
  it('a written file loads back the same, with the path as the source', () => {
    const data = makeDataset(new Float32Array([0, 16, 0.5, 3]), new Int32Array([9, 1]), 2, 'x');
    const path = join(dir, 'digits.csv');
    writeCsv(path, data);
    expect(loadCsv(path)).toEqual({ ...data, source: path, lines: Int32Array.of(1, 2) });
  });

  it('a missing file is a UserError naming it', () => {
    const path = join(dir, 'absent.csv');
    expect(userErrorOf(() => loadCsv(path))).toMatch(new RegExp(`^${path}: cannot read the file`));
  });

  it('writes the digits layout: the features, then the label, one row per line', () => {
    const data = makeDataset(new Float32Array([0, 16, 0.1, 3]), new Int32Array([9, 1]), 2, 'x');
    expect(formatCsv(data)).toBe('0,16,9\n0.1,3,1\n');
  });
});

describe('parseCsvFeatures (rows for a model, with or without labels)', () => {
  it('the features of a labelled CSV are those parseCsv reads, with or without the label column', () => {
    fc.assert(
      fc.property(datasets, fc.boolean(), (data, header) => {
        const labelled = parseCsvFeatures(formatCsv(data, { header }), 'gen.csv', data.featureCount);
        expect(labelled).toEqual({ features: data.features, count: data.count, featureCount: data.featureCount, labels: data.labels, source: 'gen.csv' });
        // The same rows without their last column.
        const bare = formatCsv(data, { header })
          .split('\n')
          .map((line) => line.split(',').slice(0, -1).join(','))
          .join('\n');
        const unlabelled = parseCsvFeatures(bare, 'gen.csv', data.featureCount);
        expect(unlabelled).toEqual({ features: data.features, count: data.count, featureCount: data.featureCount, labels: null, source: 'gen.csv' });
      }),
      fcOptions(100),
    );
  });

  it('names the line and column of a row that fits neither layout, and of each bad value', () => {
    const cases: [string, string][] = [
      ['1,2\n', 'f.csv:1:3: expected 3 columns (the model\'s inputs) or 4 (inputs, then a label), found 2'],
      ['1,2,3,4,5\n', 'f.csv:1:5: expected 3 columns (the model\'s inputs) or 4 (inputs, then a label), found 5'],
      ['1,2,3\n1,2,3,0\n', 'f.csv:2:4: expected 3 columns, found 4'],
      ['1,2,3,0\n1,2,3\n', 'f.csv:2:4: expected 4 columns, found 3'],
      ['1,2,3\n1,x,3\n', 'f.csv:2:2: value "x" is not a finite number'],
      ['1,2,3,0\n1,2,3,-1\n', 'f.csv:2:4: label "-1" is not a non-negative integer'],
      ['a,b,c\n', 'f.csv: the file has a header but no data rows'],
    ];
    for (const [text, message] of cases) expect(userErrorOf(() => parseCsvFeatures(text, 'f.csv', 3))).toBe(message);
  });

  it('loadCsvFeatures reads a file, naming it in errors', () => {
    const path = join(dir, 'inputs.csv');
    writeFileSync(path, 'x,y\n1,2\n3,4\n');
    expect(loadCsvFeatures(path, 2)).toEqual({ features: new Float32Array([1, 2, 3, 4]), count: 2, featureCount: 2, labels: null, source: path });
    expect(userErrorOf(() => loadCsvFeatures(join(dir, 'absent.csv'), 2))).toMatch(/absent\.csv: cannot read the file/);
  });

  it('formatCsv refuses a value it could not read back (NaN, ±Inf)', () => {
    const data = makeDataset(Float32Array.from([1, Number.NaN]), Int32Array.from([0]), 2, 'x');
    expect(() => formatCsv(data)).toThrow('formatCsv: row 0 feature 1 is NaN; a CSV holds finite numbers');
  });
});
