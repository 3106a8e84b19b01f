// The CSV layout of datasets: numeric feature columns, then the integer class label (optional for prediction); an optional header.

import { readFileSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { makeDataset, type Dataset } from './dataset.js';
import { DECIMAL } from './decimal.js';


/**
 * A line end: LF, CRLF, or a lone CR (old Mac files), so that a CR-only file is not read as one
 * line and line numbers in errors are those an editor shows; CRLF comes first so it counts once.
 */
const LINE_END = /\r\n|\r|\n/;

/** The largest label accepted (labels are stored as int32). */
const MAX_LABEL = 0x7fffffff;

/** Reads a CSV file (see `parseCsv`); an unreadable file is a UserError naming it. */
export function loadCsv(path: string): Dataset {
  return parseCsv(readText(path), path);
}

/**
 * Parses CSV text: every column a number, the last one a non-negative integer label; no quoting.
 * A first line that does not end in a number is a header and skipped; one that ends in a number but
 * holds other text is an error (a typo in the first data row must not silently drop it). Blank lines are ignored.
 * A bad row is a UserError `source:line:column: what is wrong` (both 1-based).
 */
export function parseCsv(text: string, source: string): Dataset {
  const table = readTable(text, source, undefined);
  return makeDataset(table.features, table.labels, table.featureCount, source, table.lines);
}

/** Rows of features read for a model, with or without a label column (see `parseCsvFeatures`). */
export interface CsvFeatures {
  /** `count × featureCount` values, row-major. */
  readonly features: Float32Array;
  readonly count: number;
  readonly featureCount: number;
  /** The file's labels when it has a label column (checked as `parseCsv` checks them), else null. */
  readonly labels: Int32Array | null;
  readonly source: string;
}

/** Reads a CSV file of features for a model taking `featureCount` inputs (see `parseCsvFeatures`). */
export function loadCsvFeatures(path: string, featureCount: number): CsvFeatures {
  return parseCsvFeatures(readText(path), path, featureCount);
}

/**
 * Parses CSV text whose rows are `featureCount` numbers, either alone or followed by a label, as
 * `parseCsv` reads them: the first row's column count decides which, and every row must have as many.
 * A header line is detected and skipped, and errors are located, as in `parseCsv`.
 */
export function parseCsvFeatures(text: string, source: string, featureCount: number): CsvFeatures {
  if (!Number.isSafeInteger(featureCount) || featureCount < 1) throw new RangeError(`parseCsvFeatures: ${featureCount} is not a feature count`);
  const table = readTable(text, source, featureCount);
  return { features: table.features, count: table.count, featureCount, labels: table.labelled ? table.labels : null, source };
}

/** What `readTable` found: the feature rows, and their labels (none when `labelled` is false). */
interface Table {
  features: Float32Array;
  labels: Int32Array;
  labelled: boolean;
  count: number;
  featureCount: number;
  /** The 1-based line of each row. */
  lines: Int32Array;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: cannot read the file (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Reads the rows of CSV text. Without `unlabelledWidth` the last column is always the label; with it,
 * a first row of `unlabelledWidth` columns means rows without labels, and of one more, rows with them.
 */
function readTable(text: string, source: string, unlabelledWidth: number | undefined): Table {
  const lines = text.split(LINE_END);
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  if (first === lines.length) throw new UserError(`${source}: the file is empty`);

  const firstFields = lines[first].split(',');
  const columns = firstFields.length;
  const hasHeader = isHeader(firstFields, `${source}:${first + 1}`);
  const labelled = columns !== unlabelledWidth;
  if (unlabelledWidth === undefined && columns < 2) {
    throw new UserError(`${source}:${first + 1}:1: expected at least 2 columns (features, then the label), found 1`);
  }
  if (unlabelledWidth !== undefined && columns !== unlabelledWidth && columns !== unlabelledWidth + 1) {
    const column = Math.min(columns, unlabelledWidth + 1) + 1;
    throw new UserError(
      `${source}:${first + 1}:${column}: expected ${unlabelledWidth} columns (the model's inputs) or ${unlabelledWidth + 1} (inputs, then a label), found ${columns}`,
    );
  }
  const featureCount = labelled ? columns - 1 : columns;
  const features = new Float32Array((lines.length - first) * featureCount);
  const labels = new Int32Array(labelled ? lines.length - first : 0);
  const rowLines = new Int32Array(lines.length - first);
  let count = 0;
  for (let i = hasHeader ? first + 1 : first; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const fields = line.split(',');
    const where = `${source}:${i + 1}`;
    if (fields.length !== columns) {
      const column = Math.min(fields.length, columns) + 1;
      throw new UserError(`${where}:${column}: expected ${columns} columns, found ${fields.length}`);
    }
    for (let j = 0; j < featureCount; j++) {
      features[count * featureCount + j] = parseValue(fields[j], `${where}:${j + 1}`);
    }
    if (labelled) labels[count] = parseLabel(fields[featureCount], `${where}:${columns}`);
    rowLines[count] = i + 1;
    count++;
  }
  if (count === 0) throw new UserError(`${source}: the file has a header but no data rows`);
  return {
    features: features.slice(0, count * featureCount),
    labels: labels.slice(0, labelled ? count : 0),
    labelled,
    count,
    featureCount,
    lines: rowLines.slice(0, count),
  };
}

/**
 * Whether the first row is a header: false when every field is a number; true when its last field
 * is not one (a data row always ends in a number, its label or last feature), so headers that name
 * columns by number (`0,1,label`, pandas' `,0,1,target`) still count. A row that ends in a number
 * but holds other text is a UserError at its first non-number: it is most likely data with a typo,
 * and taking it for a header would drop that row without a word.
 */
function isHeader(fields: readonly string[], where: string): boolean {
  const numeric = fields.map((field) => DECIMAL.test(field.trim()));
  if (numeric.every((isNumber) => isNumber)) return false;
  if (!numeric[numeric.length - 1]) return true;
  const column = numeric.indexOf(false);
  throw new UserError(
    `${where}:${column + 1}: value "${fields[column].trim()}" is not a number, but the row ends in one, so it is neither data nor a header (a header's last cell names a column)`,
  );
}

/** One feature value: a decimal number that fits float32. */
function parseValue(field: string, where: string): number {
  const text = field.trim();
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(Math.fround(value))) throw new UserError(`${where}: value "${text}" is not a finite number`);
  return value;
}

/** The label: an integer in [0, 2^31). */
function parseLabel(field: string, where: string): number {
  const text = field.trim();
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < 0 || value > MAX_LABEL) {
    throw new UserError(`${where}: label "${text}" is not a non-negative integer`);
  }
  return value;
}

/** Options of `formatCsv`. */
export interface CsvOptions {
  /** Write a first line `f1,…,fN,label`. */
  header?: boolean;
}

/**
 * The dataset as CSV text in the digits layout: one row per line, the features then the label.
 * Each feature is written with the fewest digits that read back as the same float32.
 */
export function formatCsv(data: Dataset, options: CsvOptions = {}): string {
  const width = data.featureCount;
  const lines: string[] = [];
  if (options.header === true) {
    const names: string[] = [];
    for (let j = 1; j <= width; j++) names.push(`f${j}`);
    names.push('label');
    lines.push(names.join(','));
  }
  const fields: string[] = new Array<string>(width + 1);
  for (let r = 0; r < data.count; r++) {
    for (let j = 0; j < width; j++) {
      const value = data.features[r * width + j];
      // parseCsv refuses anything but finite decimals: writing NaN would make a file it cannot read back.
      if (!Number.isFinite(value)) throw new RangeError(`formatCsv: row ${r} feature ${j} is ${value}; a CSV holds finite numbers`);
      fields[j] = shortestFloat32(value);
    }
    fields[width] = String(data.labels[r]);
    lines.push(fields.join(','));
  }
  return lines.join('\n') + '\n';
}

/** Writes `formatCsv(data, options)` to `path`. */
export function writeCsv(path: string, data: Dataset, options: CsvOptions = {}): void {
  writeFileSync(path, formatCsv(data, options));
}

/** The shortest decimal text that parses back to the float32 `value`. */
function shortestFloat32(value: number): string {
  if (Number.isInteger(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(Number(value.toPrecision(9)));
}
