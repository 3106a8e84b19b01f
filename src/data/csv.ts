// Tables of rows as datasets of classes: reading a CSV (or TSV, or whitespace) file or text, and writing one.

import { writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { encodeClasses } from './class-labels.js';
import type { Dataset } from './dataset.js';
import { type Table, parseTable, readTable } from './read-table.js';
import type { TableOptions } from './table-options.js';

/** How to read a table as classes: the reader's options, and the classes its labels must be among. */
export interface LoadOptions extends TableOptions {
  /** The classes the labels must be among (a model's, or those of the training rows); default: the table's own. */
  readonly classes?: readonly string[];
  /** What `classes` are, for the error naming a label that is none of them: `the model's classes`. */
  readonly classesAre?: string;
}

/**
 * Reads a table file (`.csv`, `.tsv`, `.txt`, each optionally `.gz`) as a dataset of classes: its feature
 * columns as float32, its target column (the last one unless `options.target` names another) as classes
 * (see `encodeClasses`). The file is read as a stream; errors are UserErrors at `file:line:column`.
 */
export function loadCsv(path: string, options: LoadOptions = {}): Dataset {
  return tableDataset(readTable(path, options), options);
}

/** Reads table text as `loadCsv` reads a file; `source` names it in errors. */
export function parseCsv(text: string, source: string, options: LoadOptions = {}): Dataset {
  return tableDataset(parseTable(text, source, options), options);
}

/** A table with one target column as a dataset of its classes. */
export function tableDataset(table: Table, options: LoadOptions = {}): Dataset {
  if (table.targets.length !== 1) {
    const what = table.targets.length === 0 ? 'no target column' : `${table.targets.length} target columns (${table.targets.map((t) => t.name).join(', ')})`;
    throw new UserError(`${table.source}: ${what}; a classifier takes one, named with --target`, 2);
  }
  const places = { source: table.source, lines: table.lines };
  const { classes, labels } = encodeClasses(table.targets[0], options.classes, places, options.classesAre ?? 'the classes');
  return {
    features: table.features,
    labels,
    count: table.count,
    featureCount: table.featureCount,
    classCount: classes.length,
    classes,
    source: table.source,
    lines: table.lines,
    layout: table.layout,
  };
}

/** Options of `formatCsv`. */
export interface CsvFormat {
  /** Write a first line `f1,…,fN,label`. */
  header?: boolean;
}

/**
 * The dataset as CSV text in the digits layout: one row per line, the features then the label (its
 * original text, quoted where it needs to be). Each feature is written with the fewest digits that
 * read back as the same float32.
 */
export function formatCsv(data: Dataset, options: CsvFormat = {}): string {
  const width = data.featureCount;
  const lines: string[] = [];
  if (options.header === true) {
    const names: string[] = [];
    for (let j = 1; j <= width; j++) names.push(`f${j}`);
    names.push('label');
    lines.push(names.join(','));
  }
  const labels = data.classes.map(quoted);
  const fields: string[] = new Array<string>(width + 1);
  for (let r = 0; r < data.count; r++) {
    for (let j = 0; j < width; j++) {
      const value = data.features[r * width + j];
      // The reader refuses anything but finite decimals: writing NaN would make a file it cannot read back.
      if (!Number.isFinite(value)) throw new RangeError(`formatCsv: row ${r} feature ${j} is ${value}; a CSV holds finite numbers`);
      fields[j] = shortestFloat32(value);
    }
    fields[width] = labels[data.labels[r]];
    lines.push(fields.join(','));
  }
  return lines.join('\n') + '\n';
}

/** Writes `formatCsv(data, options)` to `path`. */
export function writeCsv(path: string, data: Dataset, options: CsvFormat = {}): void {
  writeFileSync(path, formatCsv(data, options));
}

/** A cell as RFC 4180 writes it: quoted, with quotes doubled, when it holds a comma, quote, line end or edge blank. */
function quoted(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
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
