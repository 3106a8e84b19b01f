// Reading a table file as a stream in two passes: its first lines and a count of its line ends, then its rows into arrays of that size.

import { UserError } from '../errors.js';
import { type ByteSource, type ByteStream, openBytes, sourceName } from './byte-stream.js';
import { type FixedDelimiter, delimiterCode, detectDelimiter } from './delimiter.js';
import { sampleRows } from './sample-rows.js';
import { FLAG_NAMES, type SettingNames } from './setting-names.js';
import { type TableColumns, resolveColumns } from './table-columns.js';
import type { TableLayout } from './table-layout.js';
import type { TableOptions } from './table-options.js';
import { TableParser } from './table-parser.js';
import type { TargetColumn } from './target-column.js';
import { textStart } from './text-check.js';

/** Bytes read per step of either pass. */
const CHUNK_BYTES = 1 << 21;
/** Line ends the first pass reads before it detects the delimiter and the header. */
const SAMPLE_LINES = 20;
/** The longest first rows the sample may take (a wider table is not one to train on here). */
const MAX_SAMPLE_BYTES = 1 << 26;
/** The longest row the parser takes. */
const MAX_ROW_BYTES = 1 << 28;
/** What training memory holds: a WebAssembly memory has at most 4 GiB. */
const TABLE_MEMORY_BYTES = 2 ** 32;

/** A table's rows: float32 features and the target columns' cells, with the layout they were read by. */
export interface Table {
  readonly source: string;
  readonly count: number;
  readonly featureCount: number;
  /** `count × featureCount` values, row-major. */
  readonly features: Float32Array;
  /** The target columns in --target order; empty when the rows leave them out (read for prediction). */
  readonly targets: readonly TargetColumn[];
  /** The 1-based line each row starts on. */
  readonly lines: Int32Array;
  /** The layout of the table (the training table's, when read `like` it). */
  readonly layout: TableLayout;
  readonly delimiter: FixedDelimiter;
  /** Whether the first row was a header. */
  readonly header: boolean;
}

/** Reads the table file at `path` (`.gz`: gzip), as `options` say. Errors are UserErrors at `path:line:column`. */
export function readTable(path: string, options: TableOptions = {}): Table {
  return readTableFrom({ path, gzip: /\.gz$/i.test(path) }, options);
}

/** Reads a table from its text, as `readTable` reads a file; `source` names it in errors. */
export function parseTable(text: string, source: string, options: TableOptions = {}): Table {
  return readTableFrom({ bytes: Buffer.from(text, 'utf8'), name: source }, options);
}

/** The two passes over `source`. */
function readTableFrom(source: ByteSource, options: TableOptions): Table {
  const survey = surveyTable(source, options);
  const parser = new TableParser(survey.columns, delimiterCode(survey.delimiter), survey.rowBound, survey.source, options.names ?? FLAG_NAMES);
  const stream = openBytes(source);
  try {
    parseStream(stream, parser, survey, options.chunkBytes ?? CHUNK_BYTES);
  } finally {
    stream.close();
  }
  const rows = parser.result();
  if (rows.count === 0) throw new UserError(`${survey.source}: ${survey.columns.header ? 'the file has a header but no data rows' : 'the file is empty'}`);
  if ((options.header ?? 'auto') === 'auto') checkFirstRowTargets(rows.targets, rows.lines, survey.source, options.names ?? FLAG_NAMES);
  return {
    source: survey.source,
    count: rows.count,
    featureCount: survey.columns.featureCount,
    features: rows.features,
    targets: rows.targets,
    lines: rows.lines,
    layout: survey.columns.layout,
    delimiter: survey.delimiter,
    header: survey.columns.header,
  };
}

/** What the first pass finds. */
interface Survey {
  readonly source: string;
  /** Bytes of a byte-order mark to pass over. */
  readonly skip: number;
  readonly delimiter: FixedDelimiter;
  readonly columns: TableColumns;
  /** At least the number of rows (line ends + 1, but for quoted line ends and mixed CR/LF files). */
  readonly rowBound: number;
}

/**
 * The first pass: reads the first lines to find the encoding, delimiter, header and columns, then
 * counts line ends to the end of the file, refusing it as soon as the rows counted need more than
 * `options.maxBytes` as float32.
 */
function surveyTable(source: ByteSource, options: TableOptions): Survey {
  const name = sourceName(source);
  const stream = openBytes(source);
  try {
    const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
    const { sample, length, complete } = readSample(stream, name, chunkBytes);
    const skip = textStart(sample.subarray(0, length), name);
    const text = new TextDecoder('utf-8').decode(sample.subarray(skip, length));
    const delimiter = options.delimiter === undefined || options.delimiter === 'auto' ? detectDelimiter(text, complete) : options.delimiter;
    const first = sampleRows(text, delimiterCode(delimiter), 1, complete);
    if (first.length === 0) throw new UserError(`${name}: the file is empty`);
    const columns = resolveColumns(first[0], options, name);
    // A line end that only CRs make (old Mac files) is counted as CRs; any LF makes LFs the count.
    const lineEnd = sample.subarray(0, length).includes(0x0a) || !sample.subarray(0, length).includes(0x0d) ? 0x0a : 0x0d;
    const rowBytes = 4 * (columns.featureCount + Math.max(columns.targetCount, 1));
    const maxBytes = options.maxBytes ?? TABLE_MEMORY_BYTES;
    let lineEnds = countByte(sample, length, lineEnd);
    const check = (): void => {
      if ((lineEnds + 1) * rowBytes > maxBytes) throw tooLarge(name, lineEnds + 1, rowBytes, columns, maxBytes);
    };
    check();
    if (!complete) {
      const chunk = new Uint8Array(chunkBytes);
      for (let count = stream.read(chunk, 0); count > 0; count = stream.read(chunk, 0)) {
        lineEnds += countByte(chunk, count, lineEnd);
        check();
      }
    }
    return { source: name, skip, delimiter, columns, rowBound: lineEnds + 1 };
  } finally {
    stream.close();
  }
}

/** The first bytes of the stream: at least SAMPLE_LINES line ends' worth, or all of it when shorter (`complete`). */
function readSample(stream: ByteStream, name: string, chunkBytes: number): { sample: Uint8Array; length: number; complete: boolean } {
  let sample = new Uint8Array(chunkBytes);
  let length = 0;
  for (;;) {
    if (length === sample.length) {
      if (sample.length >= MAX_SAMPLE_BYTES) throw new UserError(`${name}: the first ${SAMPLE_LINES} lines are longer than ${MAX_SAMPLE_BYTES >> 20} MiB; is this a table?`);
      const larger = new Uint8Array(sample.length * 2);
      larger.set(sample);
      sample = larger;
    }
    const count = stream.read(sample, length);
    if (count === 0) return { sample, length, complete: true };
    length += count;
    if (countByte(sample, length, 0x0a) + countByte(sample, length, 0x0d) >= 2 * SAMPLE_LINES) return { sample, length, complete: false };
  }
}

/** The second pass: every row of the stream through the parser, chunk by chunk, carrying a row that a chunk cuts into the next. */
function parseStream(stream: ByteStream, parser: TableParser, survey: Survey, chunkBytes: number): void {
  // Past the byte-order mark first.
  const mark = new Uint8Array(survey.skip);
  let skipped = 0;
  while (skipped < mark.length) {
    const count = stream.read(mark, skipped);
    if (count === 0) break;
    skipped += count;
  }
  let buffer = new Uint8Array(chunkBytes);
  let kept = 0;
  for (;;) {
    const count = stream.read(buffer, kept);
    const end = kept + count;
    const final = count === 0;
    const used = parser.parse(buffer, 0, end, final);
    if (final) return;
    kept = end - used;
    if (used === 0 && kept === buffer.length) {
      if (buffer.length >= MAX_ROW_BYTES) throw new UserError(`${survey.source}: a row is longer than ${MAX_ROW_BYTES >> 20} MiB; is this a table?`);
      const larger = new Uint8Array(buffer.length * 2);
      larger.set(buffer);
      buffer = larger;
    } else {
      buffer.copyWithin(0, used, end);
    }
  }
}

/**
 * Throws when a first row read as data (its features are numbers) has a text target that no other
 * row has: a header naming its columns by number (`0,1,label`), which only the user can tell.
 */
function checkFirstRowTargets(targets: readonly TargetColumn[], lines: Int32Array, source: string, names: SettingNames): void {
  for (const target of targets) {
    if (target.firstText !== 0 || target.textCells !== 1 || target.codes === null || target.levels === null || lines.length < 2) continue;
    const text = target.levels[target.codes[0]];
    throw new UserError(
      `${source}:${lines[0]}:${target.column + 1}: the first row's target "${text}" is text, every other row's a number: ` +
        `if the first row is a header, give ${names.headerYes} (with ${names.headerNo} it is data)`,
    );
  }
}

/** How many times `byte` occurs in `bytes[0, length)` (Buffer's indexOf is a native byte search). */
function countByte(bytes: Uint8Array, length: number, byte: number): number {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, length);
  let count = 0;
  for (let at = view.indexOf(byte); at >= 0; at = view.indexOf(byte, at + 1)) count++;
  return count;
}

/** The one-line refusal of a table whose rows do not fit training memory. */
function tooLarge(name: string, rows: number, rowBytes: number, columns: TableColumns, maxBytes: number): UserError {
  const targets = Math.max(columns.targetCount, 1);
  return new UserError(
    `${name}: the ${rows.toLocaleString('en-US')} rows read so far need ${size(rows * rowBytes)} as float32 ` +
      `(${columns.featureCount} features and ${targets} target${targets === 1 ? '' : 's'}, 4 bytes each), more than the ${size(maxBytes)} that training memory holds; use fewer rows or columns`,
  );
}

/** Bytes as GiB, MiB or KiB, one decimal. */
function size(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${(bytes / 2 ** 10).toFixed(1)} KiB`;
}
