// Tests of the streaming table reader: every delimiter, quoting, line end and chunk cut reads the table written; gzip; limits; files that are not text.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Table, parseTable, readTable } from '../../src/data/read-table.js';
import type { DelimiterName, TableOptions } from '../../src/data/table-options.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';
import { userErrorOf } from '../support/user-error.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `contents` to a file in the temporary folder and returns its path. */
function file(name: string, contents: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

/** Each row's text in target column `t`. */
function targetTexts(table: Table, t = 0): string[] {
  const { codes, levels } = table.targets[t];
  if (codes === null || levels === null) throw new Error('no codes');
  return Array.from(codes, (code) => levels[code]);
}

/** Plain decimals as people and programs write them. */
const decimals = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => String(Math.fround(x))),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x.toPrecision(6)),
  fc.constantFrom('0', '-0', '+4', '.5', '5.', '1e3', '2.5E-3', '007', '0.1234567890123456789', '123456789012345678', '1e-30', '-3.4e38'),
);

/** Labels: words, numbers, and text a delimiter, quote or line end needs quoting for. */
const labels = fc.constantFrom('setosa', 'Iris virginica', '3', '-1', 'a,b', 'x;y', 'tab\there', 'say "hi"', 'two\nlines', 'ünïcode', '\u{1F600}');

/** A table as its rows: numbers, then a label. */
interface RowsSpec {
  readonly rows: { readonly features: string[]; readonly label: string }[];
  readonly delimiter: Exclude<DelimiterName, 'auto' | 'pipe'>;
  readonly end: string;
  readonly header: boolean;
  readonly quoteNumbers: boolean;
}

const tables: fc.Arbitrary<RowsSpec> = fc
  .record({
    columns: fc.integer({ min: 1, max: 5 }),
    count: fc.integer({ min: 1, max: 12 }),
    delimiter: fc.constantFrom('comma' as const, 'semicolon' as const, 'tab' as const, 'whitespace' as const),
    end: fc.constantFrom('\n', '\r\n', '\r'),
    header: fc.boolean(),
    quoteNumbers: fc.boolean(),
  })
  .chain(({ columns, count, ...rest }) =>
    fc
      .array(fc.record({ features: fc.array(decimals, { minLength: columns, maxLength: columns }), label: labels }), { minLength: count, maxLength: count })
      .map((rows) => ({ rows, ...rest })),
  );

const SEPARATORS = { comma: ',', semicolon: ';', tab: '\t', whitespace: '  ' } as const;

/** A cell as written: quoted where it must be, or `always`. */
function quote(cell: string, always: boolean): string {
  return always || /["\n\r,;\t ]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** The text of a table: cells quoted where they must be (and numbers too when `quoteNumbers`). */
function tableText(spec: RowsSpec): string {
  const separator = SEPARATORS[spec.delimiter];
  const lines: string[] = [];
  const width = spec.rows[0].features.length;
  if (spec.header) lines.push([...Array.from({ length: width }, (_, j) => `f ${j}`), 'label'].map((name) => quote(name, false)).join(separator));
  for (const row of spec.rows) lines.push([...row.features.map((cell) => quote(cell, spec.quoteNumbers)), quote(row.label, false)].join(separator));
  return lines.join(spec.end) + spec.end;
}

/** The lines rows start on, counting line ends inside quoted labels. */
function startLines(spec: RowsSpec): number[] {
  let line = spec.header ? 2 : 1;
  return spec.rows.map((row) => {
    const start = line;
    line += 1 + (row.label.match(/\n/g) ?? []).length;
    return start;
  });
}

describe('readTable and parseTable', () => {
  it('a table written with any delimiter, quoting and line end reads back its float32 numbers, its labels and its lines, at any chunk size', () => {
    fc.assert(
      fc.property(tables, fc.integer({ min: 1, max: 40 }), fc.boolean(), (spec, chunkBytes, named) => {
        const options: TableOptions = { header: spec.header ? 'yes' : 'no', chunkBytes, ...(named ? { delimiter: spec.delimiter } : {}) };
        const table = parseTable(tableText(spec), 'gen.csv', options);
        const expected = spec.rows.flatMap((row) => row.features.map((cell) => Math.fround(Number(cell))));
        expect(table.features).toEqual(Float32Array.from(expected));
        expect(targetTexts(table)).toEqual(spec.rows.map((row) => row.label));
        expect(Array.from(table.lines)).toEqual(startLines(spec));
      }),
      fcOptions(300),
    );
  });

  it('the delimiter detected is the one written', () => {
    fc.assert(
      fc.property(tables, (spec) => {
        const text = tableText(spec);
        expect(parseTable(text, 'gen.csv', { header: spec.header ? 'yes' : 'no' }).delimiter).toBe(spec.delimiter);
      }),
      fcOptions(200),
    );
  });

  it('every plain decimal reads as the float32 of the value Number() gives its text, bit for bit (−0 included)', () => {
    const mantissa = fc.stringMatching(/^\d{0,25}$/);
    const numbers = fc
      .tuple(fc.constantFrom('', '-', '+'), mantissa, fc.option(mantissa, { nil: undefined }), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,4}$/)), { nil: undefined }))
      .map(([sign, whole, fraction, exponent]) => `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : exponent.join('')}`)
      .filter((text) => /\d/.test(text.split(/[eE]/)[0]) && Number.isFinite(Math.fround(Number(text))));
    fc.assert(
      fc.property(fc.array(numbers, { minLength: 1, maxLength: 40 }), (texts) => {
        const table = parseTable(texts.map((text) => `${text},0\n`).join(''), 'n.csv', { header: 'no' });
        texts.forEach((text, r) => expect(Object.is(table.features[r], Math.fround(Number(text)))).toBe(true));
        const blanks = parseTable(texts.map((text) => ` ${text}\t 0\n`).join(''), 'n.txt', { header: 'no', delimiter: 'whitespace' });
        texts.forEach((text, r) => expect(Object.is(blanks.features[r], Math.fround(Number(text)))).toBe(true));
      }),
      fcOptions(200),
    );
  });

  it('a whitespace table reads the rows, bit for bit, of the same table with every cell quoted (which only the general cell reader takes), at any chunk size', () => {
    const blanks = fc.stringMatching(/^[ \t]{1,3}$/);
    const row = fc.record({
      lead: fc.stringMatching(/^[ \t]{0,3}$/),
      cells: fc.array(fc.tuple(decimals, blanks), { minLength: 2, maxLength: 2 }),
      label: labels,
      trail: fc.stringMatching(/^[ \t]{0,3}$/),
      // A line of blanks alone, or nothing, before the row.
      blankLine: fc.option(fc.stringMatching(/^[ \t]{0,3}$/), { nil: undefined }),
    });
    const spec = fc.record({ rows: fc.array(row, { minLength: 1, maxLength: 12 }), end: fc.constantFrom('\n', '\r\n', '\r'), chunkBytes: fc.integer({ min: 1, max: 40 }) });
    type Row = typeof row extends fc.Arbitrary<infer R> ? R : never;
    const text = (rows: readonly Row[], end: string, quoteAll: boolean): string =>
      rows
        .map((r) => {
          const cells = r.cells.map(([cell, gap]) => `${quote(cell, quoteAll)}${gap}`).join('');
          return `${r.blankLine === undefined ? '' : `${r.blankLine}${end}`}${r.lead}${cells}${quote(r.label, quoteAll)}${r.trail}${end}`;
        })
        .join('');
    fc.assert(
      fc.property(spec, ({ rows, end, chunkBytes }) => {
        const options: TableOptions = { header: 'no', delimiter: 'whitespace', chunkBytes };
        const bare = parseTable(text(rows, end, false), 'bare.txt', options);
        const quoted = parseTable(text(rows, end, true), 'quoted.txt', options);
        expect(Buffer.from(bare.features.buffer, bare.features.byteOffset, bare.features.byteLength)).toEqual(Buffer.from(quoted.features.buffer, quoted.features.byteOffset, quoted.features.byteLength));
        expect(bare.features).toEqual(Float32Array.from(rows.flatMap((r) => r.cells.map(([cell]) => Math.fround(Number(cell))))));
        expect(targetTexts(bare)).toEqual(targetTexts(quoted));
        expect(Array.from(bare.lines)).toEqual(Array.from(quoted.lines));
      }),
      fcOptions(300),
    );
  });

  it('reads a file of several megabytes, rows crossing every chunk, as its rows', () => {
    const rows = 20000;
    const lines = Array.from({ length: rows }, (_, r) => `${(r * 0.37).toPrecision(6)},${r % 97},-${r}.25,${r % 3 === 0 ? 'a' : 'b'}`);
    const path = file('big.csv', `x,y,z,label\n${lines.join('\n')}\n`);
    const table = readTable(path);
    expect(table.count).toBe(rows);
    for (const r of [0, 1, 4999, 12345, rows - 1]) {
      expect(Array.from(table.features.subarray(3 * r, 3 * r + 3))).toEqual([Math.fround(Number((r * 0.37).toPrecision(6))), r % 97, Math.fround(-r - 0.25)]);
      expect(table.lines[r]).toBe(r + 2);
    }
    expect(targetTexts(table).filter((label) => label === 'a')).toHaveLength(Math.ceil(rows / 3));
  });

  it('a .gz file, of one member or several, reads as the text it holds', () => {
    const text = 'a\tb\tlabel\n1\t2\tx\n3\t4\ty\n';
    const plain = parseTable(text, 'p.tsv');
    for (const [name, bytes] of [
      ['one.tsv.gz', gzipSync(text)],
      ['two.tsv.gz', Buffer.concat([gzipSync(text.slice(0, 13)), gzipSync(text.slice(13))])],
    ] as const) {
      const table = readTable(file(name, bytes));
      expect(table.features).toEqual(plain.features);
      expect(targetTexts(table)).toEqual(['x', 'y']);
    }
    expect(userErrorOf(() => readTable(file('fake.csv.gz', text)))).toMatch(/fake\.csv\.gz: not a valid gzip file/);
  });

  it('refuses, before parsing, a table whose rows need more than the memory limit, naming the rows read, their bytes and the limit', () => {
    const path = file('wide.csv', Array.from({ length: 5000 }, (_, r) => `${r},${r},${r % 2}\n`).join(''));
    const message = userErrorOf(() => readTable(path, { maxBytes: 12 * 1000, chunkBytes: 4096 }));
    const match = /^.*wide\.csv: the ([\d,]+) rows read so far need ([\d.]+ KiB) as float32 \(2 features and 1 target, 4 bytes each\), more than the 11\.7 KiB that training memory holds; use fewer rows or columns$/.exec(message);
    expect(match).not.toBeNull();
    // Refused while counting: fewer rows than the file holds.
    expect(Number(match?.[1].replaceAll(',', ''))).toBeLessThan(5000);
    expect(readTable(path, { maxBytes: 12 * 5001 }).count).toBe(5000);
  });

  it('a file that is not UTF-8 text is named for what it is', () => {
    const cases: [string, Uint8Array, string][] = [
      ['gz.csv', gzipSync('1,2,0\n'), 'this is gzip-compressed data, not text; name the file ….gz (e.g. data.csv.gz) or decompress it'],
      ['utf16.csv', Buffer.from('\uFEFF1,2,0\n', 'utf16le'), 'this is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8'],
      ['utf16-bare.csv', Buffer.from('1,2,0\n', 'utf16le'), 'this looks like UTF-16 text (every other byte is zero); save it as UTF-8'],
      ['book.csv', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2]), 'this is a zip archive (a spreadsheet workbook?), not text; export the sheet as CSV'],
      ['bin.csv', Uint8Array.from([0x31, 0x2c, 0x00, 0x32]), 'this is binary data, not text (byte 3 is NUL)'],
    ];
    for (const [name, bytes, what] of cases) expect(userErrorOf(() => readTable(file(name, bytes)))).toBe(`${join(dir, name)}: ${what}`);
    expect(readTable(file('bom.csv', '\uFEFFa,b\n1,x\n')).count).toBe(1);
    expect(userErrorOf(() => readTable(dir))).toBe(`${dir}: not a regular file (a folder, pipe or device); give a table file`);
  });

  it('--target and --ignore name columns by header name or index; the rest are features in file order', () => {
    const text = 'id,class,a,b\n7,x,1,2\n8,y,3,4\n';
    for (const options of [{ target: ['class'], ignore: ['id'] }, { target: ['1'], ignore: ['0'] }]) {
      const table = parseTable(text, 't.csv', options);
      expect(Array.from(table.features)).toEqual([1, 2, 3, 4]);
      expect(targetTexts(table)).toEqual(['x', 'y']);
      expect(table.layout).toEqual({ columns: 4, target: [1], ignore: [0], names: ['id', 'class', 'a', 'b'] });
    }
    // The default target is the last column not ignored.
    expect(targetTexts(parseTable('a,b,c\n1,2,3\n', 'd.csv', { ignore: ['2'] }))).toEqual(['2']);
    const two = parseTable('a,y1,y2\n1,2,3\n', 'r.csv', { target: ['y2', 'y1'] });
    expect(two.targets.map((t) => [t.name, t.column, Array.from(t.numbers ?? [])])).toEqual([['y2', 2, [3]], ['y1', 1, [2]]]);
  });

  it('column names that are not there, indices past the end, and a column named twice are usage errors', () => {
    const text = 'id,class,a\n1,x,2\n';
    const cases: [TableOptions, string][] = [
      [{ target: ['Class'] }, '--target Class: t.csv has no column named "Class" (its first row: id, class, a)'],
      [{ ignore: ['3'] }, '--ignore 3: t.csv has 3 columns (indices 0 to 2)'],
      [{ target: ['class'], ignore: ['1'] }, 't.csv: column 1 is named twice by --target and --ignore; name it once'],
      [{ target: ['class'], header: 'no' }, '--target/--ignore name the column "class", but --header no says t.csv has no header; give its 0-based index'],
      [{ target: ['1'], ignore: ['0', '2'] }, 't.csv: no feature columns are left once the target and ignored ones are taken out'],
    ];
    for (const [options, message] of cases) {
      try {
        parseTable(text, 't.csv', options);
        throw new Error('expected a usage error');
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        expect([(error as UserError).message, (error as UserError).exitCode]).toEqual([message, 2]);
      }
    }
  });

  it('--header yes drops a first row of numbers; --header no keeps a first row of text (then an error naming its column)', () => {
    expect(parseTable('1,2,0\n3,4,1\n', 'y.csv', { header: 'yes' }).count).toBe(1);
    expect(userErrorOf(() => parseTable('a,b,c\n1,2,0\n', 'n.csv', { header: 'no' }))).toMatch(/^n\.csv:1:1: column is not numeric \(its first value is "a"\)/);
  });

  it('a first row of numbers whose text target no other row has is an error naming --header yes; --header no reads it as data', () => {
    expect(userErrorOf(() => parseTable('0,1,label\n1,2,0\n3,4,1\n', 'n.csv'))).toBe(
      'n.csv:1:3: the first row\'s target "label" is text, every other row\'s a number: if the first row is a header, give --header yes (with --header no it is data)',
    );
    expect(parseTable('0,1,label\n1,2,0\n', 'n.csv', { header: 'yes' }).count).toBe(1);
    expect(targetTexts(parseTable('0,1,label\n1,2,0\n', 'n.csv', { header: 'no' }))).toEqual(['label', '0']);
    expect(targetTexts(parseTable('0,1,x\n1,2,y\n', 'n.csv'))).toEqual(['x', 'y']);
  });

  it('a header is passed over by the quoting rules its cells were read with: a quote inside a cell is a character, a quoted line end is no row end', () => {
    const stray = parseTable('a"b,c\n1,2\n3,4\n5,6\n', 's.csv', { delimiter: 'comma', header: 'yes' });
    expect(Array.from(stray.features)).toEqual([1, 3, 5]);
    expect(Array.from(stray.lines)).toEqual([2, 3, 4]);
    const quoted = parseTable('"a\nb",c\n1,2\n3,4\n', 'q.csv', { header: 'yes' });
    expect(Array.from(quoted.features)).toEqual([1, 3]);
    expect(Array.from(quoted.lines)).toEqual([3, 4]);
  });

  it('whitespace tables: runs of spaces and tabs, leading and trailing ones ignored', () => {
    const table = parseTable('  1.5  2\t 0 \n\t3 4   1\n', 'w.txt', { delimiter: 'whitespace' });
    expect(Array.from(table.features)).toEqual([1.5, 2, 3, 4]);
    expect(targetTexts(table)).toEqual(['0', '1']);
  });

  it('in a whitespace table a number run into other text is no number: the cell is named whole', () => {
    for (const cell of ['1.5x', '2-3', '4"5"', '0x10', '7e']) {
      expect(() => parseTable(`1 2 0\n3 ${cell} 0\n`, 'w.txt', { delimiter: 'whitespace', header: 'no' })).toThrow(`w.txt:2:2: value "${cell}" is not a finite number`);
    }
  });
});

describe('readTable like a training table (prediction and evaluation)', () => {
  const layout = { columns: 4, target: [3], ignore: [0], names: ['id', 'a', 'b', 'species'] };
  const like = (targetNeeded: boolean): TableOptions => ({ like: { layout, featureCount: 2, targetNeeded } });

  it('takes rows with all the training columns, without the target, or the features alone, header or not', () => {
    const cases: [string, string[]][] = [
      ['id,a,b,species\n1,5,6,x\n', ['x']],
      ['1,5,6,x\n', ['x']],
      ['id,a,b\n1,5,6\n', []],
      ['1,5,6\n', []],
      ['a,b\n5,6\n', []],
      ['5,6\n', []],
    ];
    for (const [text, targets] of cases) {
      const table = parseTable(text, 'p.csv', like(false));
      expect(Array.from(table.features)).toEqual([5, 6]);
      expect(table.targets.length === 0 ? [] : targetTexts(table)).toEqual(targets);
    }
  });

  it('other widths, headers naming other inputs, and rows without a target for evaluation are errors saying what the model reads', () => {
    expect(userErrorOf(() => parseTable('1,2,3,4,5\n', 'p.csv', like(false)))).toBe(
      "p.csv:1:5: expected 2 columns (the model's inputs), 3 (without the target) or 4 (its inputs, target, 1 ignored, as in its training table), found 5",
    );
    expect(userErrorOf(() => parseTable('a,c\n1,2\n', 'p.csv', like(false)))).toBe(
      'p.csv:1:2: the header names this input "c", but the model\'s input 2 was "b"; give the columns in the training table\'s order',
    );
    expect(userErrorOf(() => parseTable('5,6\n', 'e.csv', like(true)))).toBe(
      "e.csv:1: 2 columns, the model's inputs without a target: expected 4 columns (the model's inputs, target, 1 ignored, as in its training table) to score the model (predict needs no target)",
    );
  });
});
