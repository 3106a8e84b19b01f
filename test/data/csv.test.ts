// Tests of tables read as datasets of classes: round trips, header detection, class labels as they come, and a located error for each bad row.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCsv, loadCsv, parseCsv, writeCsv } from '../../src/data/csv.js';
import { type ClassificationDataset, makeDataset, makeRegressionDataset } from '../../src/data/dataset.js';
import { fcOptions } from '../support/fc.js';
import { userErrorOf } from '../support/user-error.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Small datasets with finite float32 features (-0 excluded: CSV has no negative zero worth keeping) and labels 0..20. */
const datasets: fc.Arbitrary<ClassificationDataset> = fc
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

/** Each row's original label. */
function labelsOf(data: ClassificationDataset): string[] {
  return Array.from(data.labels, (label) => data.classes[label]);
}

describe('parseCsv', () => {
  it('parsing the formatted CSV gives back the features and each row its original label, with or without a header', () => {
    fc.assert(
      fc.property(datasets, fc.boolean(), (data, header) => {
        const read = parseCsv(formatCsv(data, { header }), 'gen.csv');
        expect(read.features).toEqual(data.features);
        expect(labelsOf(read)).toEqual(labelsOf(data));
        expect(Array.from(read.lines ?? [])).toEqual(Array.from({ length: data.count }, (_, r) => r + (header ? 2 : 1)));
      }),
      fcOptions(100),
    );
  });

  it('labels 0..C−1, all present, are their own outputs: the labels read are the labels written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (classes, extra) => {
        const labels = Int32Array.from([...Array.from({ length: classes }, (_, k) => k), ...extra.map((x) => x % classes)]);
        const data = makeDataset(new Float32Array(labels.length), labels, 1, 'ids.csv');
        const read = parseCsv(formatCsv(data), 'ids.csv');
        expect(read.labels).toEqual(labels);
        expect(read.classes).toEqual(Array.from({ length: classes }, (_, k) => String(k)));
      }),
      fcOptions(50),
    );
  });

  it('classes are the distinct labels: numbers in numeric order, text in code-point order', () => {
    const numbers = parseCsv('1,10\n2,9\n3,-1\n4,9.0\n5,1e1\n', 'n.csv');
    expect(numbers.classes).toEqual(['-1', '9', '10']);
    expect(Array.from(numbers.labels)).toEqual([2, 1, 0, 1, 2]);
    const gaps = parseCsv('1,0\n2,1\n3,5\n4,5\n', 'g.csv');
    expect([gaps.classCount, ...gaps.classes]).toEqual([3, '0', '1', '5']);
    const text = parseCsv('1,virginica\n2,setosa\n3,Setosa\n4,\uFF21\n5,\u{1F600}\n6,setosa\n', 't.csv');
    expect(text.classes).toEqual(['Setosa', 'setosa', 'virginica', '\uFF21', '\u{1F600}']);
    expect(Array.from(text.labels)).toEqual([2, 1, 0, 3, 4, 1]);
    // One text label makes every label text: then 10 sorts before 9.
    expect(parseCsv('1,10\n2,9\n3,x\n', 'm.csv').classes).toEqual(['10', '9', 'x']);
  });

  it('a large integer label is a class like any other, written as a number', () => {
    const data = parseCsv('1,1e12\n2,0\n3,1000000000000\n', 'big.csv');
    expect(data.classes).toEqual(['0', '1000000000000']);
    expect(Array.from(data.labels)).toEqual([1, 0, 1]);
  });

  it('with known classes each label is matched by text or as a number; another label is an error naming it and its place', () => {
    const data = parseCsv('1,b\n2,3.0\n3,a\n', 'k.csv', { classes: ['3', 'a', 'b'] });
    expect(Array.from(data.labels)).toEqual([2, 0, 1]);
    expect(data.classes).toEqual(['3', 'a', 'b']);
    expect(userErrorOf(() => parseCsv('x,label\n1,a\n2,c\n', 'k.csv', { classes: ['a', 'b'], classesAre: "the model's classes" }))).toBe(
      `k.csv:3:2: class "c" is not one of the model's classes ("a", "b")`,
    );
  });

  it('a first line with no number is a header; an all-number first line is data', () => {
    const withHeader = parseCsv('a,b,label\n1,2,0\n3,4,1\n', 'h.csv');
    expect(withHeader.count).toBe(2);
    expect(Array.from(withHeader.features)).toEqual([1, 2, 3, 4]);
    const without = parseCsv('5,6,2\n1,2,0\n', 'n.csv');
    expect(without.count).toBe(2);
    expect(labelsOf(without)).toEqual(['2', '0']);
  });

  it('a first row whose feature cells are numbers is data, whatever its label: never dropped as a header', () => {
    const data = parseCsv('0.1,0.2,0.3,0.4,x\n1,2,3,4,y\n', 'd.csv');
    expect(data.count).toBe(2);
    expect(labelsOf(data)).toEqual(['x', 'y']);
  });

  it('a real header is skipped: plain, after a byte-order mark, quoted, with an empty first cell, or partly numbers with a text label', () => {
    for (const header of ['a,b,label', '\uFEFFa,b,label', '"x","y","label"', ',f1,label', 'NaN,Infinity,0x10', 'x,1,target']) {
      const data = parseCsv(`${header}\n1,2,0\n3,4,1\n`, 'h.csv');
      expect(Array.from(data.features)).toEqual([1, 2, 3, 4]);
      expect(labelsOf(data)).toEqual(['0', '1']);
    }
    // A byte-order mark before data does not make the first row a header.
    expect(parseCsv('\uFEFF1,2,0\n3,4,1\n', 'b.csv').count).toBe(2);
  });

  it('a first row with some number features and a number label but other text is an error at its first non-number', () => {
    const cases: [string, string][] = [
      ['1,x,0\n3,4,1\n', 'd.csv:1:2: value "x" is not a number'],
      ['\n\r\n2,label,0\n3,4,1\n', 'd.csv:3:2: value "label" is not a number'],
      ['1,,0\n3,4,1\n', 'd.csv:1:2: value "" is not a number'],
    ];
    for (const [text, start] of cases) {
      const message = userErrorOf(() => parseCsv(text, 'd.csv'));
      expect(message.startsWith(start)).toBe(true);
      expect(message).toContain('--header yes if it is one');
    }
  });

  it('a first row is data when its features and label are numbers, a header when no feature is or its label is text, else an error at its first non-number', () => {
    const numbers = fc.constantFrom('0', '7', '-2', '1.5', '.5', '3e2', '+4');
    const labels = fc.constantFrom('0', '1', '12');
    const words = fc.constantFrom('a', 'label', 'x1', '', 'NaN', 'Infinity', '0x10', '1..2');
    const cell = (last: boolean): fc.Arbitrary<{ text: string; numeric: boolean }> =>
      fc.oneof(
        (last ? labels : numbers).map((text) => ({ text, numeric: true })),
        // A label that says it is missing ('', NaN) is an error of its own.
        words.filter((text) => !last || (text !== '' && text !== 'NaN')).map((text) => ({ text, numeric: false })),
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
        const features = cells.slice(0, -1);
        const label = cells[columns - 1];
        if (features.every((c) => c.numeric) && !label.numeric) {
          // Data by its features, but its text label alone among number labels says header: the user must say which.
          expect(userErrorOf(() => parseCsv(text, 'p.csv'))).toContain('if the first row is a header, give --header yes');
        } else if (features.every((c) => c.numeric)) {
          const data = parseCsv(text, 'p.csv');
          expect(data.count).toBe(rows + 1);
          expect(Array.from(data.features.subarray(0, columns - 1))).toEqual(features.map((c) => Math.fround(Number(c.text))));
          expect(labelsOf(data)[0]).toBe(String(Number(label.text)));
        } else if (!features.some((c) => c.numeric) || !label.numeric) {
          expect(parseCsv(text, 'p.csv').count).toBe(rows);
        } else {
          const firstWord = cells.findIndex((c) => !c.numeric);
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
    expect(labelsOf(data)).toEqual(['0', '1']);
    expect(parseCsv('a,b,label\r1,2,0\r', 'mac.csv').count).toBe(1);
    // Line 1 ends in CR, line 2 (blank) in CRLF, line 3 in LF: the bad value is on line 4.
    expect(userErrorOf(() => parseCsv('1,2,0\r\r\n3,4,1\n5,x,0\r', 'mix.csv'))).toBe('mix.csv:4:2: value "x" is not a finite number');
  });

  it('blank lines and CRLF line ends are ignored', () => {
    const data = parseCsv('\r\n1, 2 ,0\r\n\r\n  \n3,4,1\r\n\n', 'b.csv');
    expect(Array.from(data.features)).toEqual([1, 2, 3, 4]);
    expect(labelsOf(data)).toEqual(['0', '1']);
  });

  it('keeps the file line of each row, past blank lines, the header and line ends inside quotes', () => {
    expect(Array.from(parseCsv('\nx,label\n1,0\n\n2,1\r\n\r3,2\n', 'l.csv').lines ?? [])).toEqual([3, 5, 7]);
    expect(Array.from(parseCsv('x,label\n1,"a\nb"\n2,c\n', 'q.csv').lines ?? [])).toEqual([2, 4]);
  });

  it('names the file, the 1-based line and the 1-based column of each kind of bad row', () => {
    const good = '1,2,3,0\n';
    const cases: [string, string][] = [
      [`${good}\n1,2,3,4,0\n`, 'd.csv:3:5: expected 4 columns, found 5'],
      [`${good}1,2,0\n`, 'd.csv:2:4: expected 4 columns, found 3'],
      [`${good}${good}1,x,3,0\n`, 'd.csv:3:2: value "x" is not a finite number'],
      [`${good}1,,3,0\n`, 'd.csv:2:2: empty cell in feature column; every feature needs a number'],
      [`${good}1,NA,3,0\n`, 'd.csv:2:2: "NA" in feature column is a missing value; every feature needs a number'],
      [`${good}1,2,1e39,0\n`, 'd.csv:2:3: value "1e39" is not a finite number (float32 holds up to about 3.4e38)'],
      [`${good}Infinity,2,3,0\n`, 'd.csv:2:1: value "Infinity" is not a finite number'],
      [`${good}0x10,2,3,0\n`, 'd.csv:2:1: value "0x10" is not a finite number'],
      [`${good}1,2,3,\n`, 'd.csv:2:4: the target is empty; every row needs one'],
      [`${good}1,2,3,NA\n`, 'd.csv:2:4: the target is "NA", a missing value; every row needs one'],
      [`a,b,c,label\n${good}1,2,3\n`, 'd.csv:3:4: expected 4 columns, found 3'],
      [`a,b,c,label\n${good}1,2,x,0\n`, 'd.csv:3:3: value "x" is not a finite number (column "c")'],
      [`a,b,c,label\n1,2,x,0\n`, 'd.csv:2:3: column "c" is not numeric (its first value is "x"); every column but the target and the ignored ones is a feature, so name it with --target c or --ignore c'],
      [`a;b;c;label\n1,5;2;3;0\n1;2;3;0\n`, 'd.csv:2:1: value "1,5" is not a number (einprop reads a decimal point, not a comma)'],
      [`${good}1,"2"x,3,0\n`, 'd.csv:2:2: text after the closing quote of a quoted cell'],
      ['1,2,"0\n', 'd.csv:1: a quote opened on this line is never closed'],
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
        fc.constantFrom('abc', 'NaN', '1..2', '-', '1e999', ''),
        fc.constantFrom('\n', '\r\n', '\r'),
        (rows, columns, r, c, bad, end) => {
          const row = r % rows;
          // A feature column: a bad label is a class, not an error.
          const column = c % (columns - 1);
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

  it('one target column: several are refused for classes (a usage error naming them)', () => {
    expect(userErrorOf(() => parseCsv('a,b,c\n1,2,3\n', 'two.csv', { target: ['b', 'c'] }))).toBe(
      'two.csv: 2 target columns (b, c); a classifier takes one, named with --target (several are targets of --task regression)',
    );
  });

  it('a target of many distinct values in few rows is refused as not being class labels', () => {
    const rows = Array.from({ length: 40 }, (_, r) => `${r % 3},${r * 17}`).join('\n');
    expect(userErrorOf(() => parseCsv(rows, 'wine.csv'))).toBe(
      'wine.csv: the target column 1 has 40 distinct values in 40 rows: values, not class labels; is it the target? (name the target with --target)',
    );
  });
});

describe('loadCsv and writeCsv', () => {
  it('a written file loads back the same, with the path as the source', () => {
    const data = makeDataset(new Float32Array([0, 16, 0.5, 3]), new Int32Array([1, 0]), 2, 'x', undefined, ['cat', 'dog, spotted']);
    const path = join(dir, 'pets.csv');
    writeCsv(path, data);
    const read = loadCsv(path);
    expect(read).toMatchObject({ features: data.features, labels: data.labels, classes: ['cat', 'dog, spotted'], source: path, count: 2 });
  });

  it('a missing file is a UserError naming it', () => {
    const path = join(dir, 'absent.csv');
    expect(userErrorOf(() => loadCsv(path))).toMatch(new RegExp(`^${path}: cannot read the file`));
  });

  it('writes the digits layout: the features, then the label, one row per line; text labels quoted where needed', () => {
    const data = makeDataset(new Float32Array([0, 16, 0.1, 3]), new Int32Array([9, 1]), 2, 'x');
    expect(formatCsv(data)).toBe('0,16,9\n0.1,3,1\n');
    const text = makeDataset(new Float32Array([1, 2]), new Int32Array([0, 1]), 1, 'x', undefined, ['a "b"', 'c']);
    expect(formatCsv(text)).toBe('1,"a ""b"""\n2,c\n');
  });

  it('reads a file written with every option of the reader: delimiter, header, target and ignored columns', () => {
    const path = join(dir, 'wine.tsv');
    writeFileSync(path, 'class\tid\ta\tb\n2\tw1\t0.5\t7\n1\tw2\t0.25\t9\n');
    const data = loadCsv(path, { target: ['class'], ignore: ['id'] });
    expect(Array.from(data.features)).toEqual([0.5, 7, 0.25, 9]);
    expect(labelsOf(data)).toEqual(['2', '1']);
    expect(data.layout).toEqual({ columns: 4, target: [0], ignore: [1], names: ['class', 'id', 'a', 'b'] });
  });

  it('formatCsv refuses a value it could not read back (NaN, ±Inf)', () => {
    const data = makeDataset(Float32Array.from([1, Number.NaN]), Int32Array.from([0]), 2, 'x');
    expect(() => formatCsv(data)).toThrow('formatCsv: row 0 feature 1 is NaN; a CSV holds finite numbers');
  });
});

describe('tables read for regression', () => {
  it('formatting and parsing a regression dataset gives back its features and every target, one or several a row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 8 }), fc.nat(), (featureCount, targetCount, count, seed) => {
        const value = (i: number): number => Math.fround(Math.sin(seed + 7 * i) * 1000);
        const features = Float32Array.from({ length: count * featureCount }, (_, i) => value(i));
        const targets = Float32Array.from({ length: count * targetCount }, (_, i) => value(1000 + i));
        const data = makeRegressionDataset(features, targets, featureCount, 'gen.csv', { targetCount });
        const target = Array.from({ length: targetCount }, (_, k) => String(featureCount + k));
        const back = parseCsv(formatCsv(data), 'gen.csv', { task: 'regression', target, header: 'no' });
        expect(Array.from(back.features)).toEqual(Array.from(features));
        expect(Array.from(back.targets)).toEqual(Array.from(targets));
        expect(back.targetCount).toBe(targetCount);
      }),
      fcOptions(100),
    );
  });

  it('the targets are the named columns wherever they sit, in --target order, and keep their header names', () => {
    const data = parseCsv('id,y,a,z,b\n1,10,0.5,-3,2\n2,20,1.5,-4,3\n', 'r.csv', { task: 'regression', target: ['z', 'y'], ignore: ['id'] });
    expect(data.targetNames).toEqual(['z', 'y']);
    expect(Array.from(data.targets)).toEqual([-3, 10, -4, 20]);
    expect(Array.from(data.features)).toEqual([0.5, 2, 1.5, 3]);
  });

  it('a target cell that is not a number is an error at its file:line:column naming it', () => {
    expect(userErrorOf(() => parseCsv('a,y\n1,2.5\n2,high\n', 'r.csv', { task: 'regression' }))).toBe(
      'r.csv:3:2: the target "high" is not a number; --task regression needs numeric targets (is y the target? name it with --target)',
    );
    expect(userErrorOf(() => parseCsv('a,y\n1,2.5\n2,1e39\n', 'r.csv', { task: 'regression' }))).toBe('r.csv:3:2: the target 1e+39 is too large for float32');
  });

  it('several target columns are a classifier\'s error and a regression model\'s outputs', () => {
    const text = 'a,b,c\n1,2,3\n4,5,6\n';
    expect(userErrorOf(() => parseCsv(text, 't.csv', { target: ['b', 'c'] }))).toMatch(/a classifier takes one/);
    expect(parseCsv(text, 't.csv', { target: ['b', 'c'], task: 'regression' }).targetCount).toBe(2);
  });
});

