// Tables of rows as datasets of classes: reading a CSV (or TSV, or whitespace) file or text, and writing one.

import { writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { encodeClasses, where } from './class-labels.js';
import type { ClassificationDataset, Dataset, RegressionDataset, Task } from './dataset.js';
import { shortestFloat32 } from './float32-text.js';
import { type Table, parseTable, readTable } from './read-table.js';
import { FLAG_NAMES, type SettingNames } from './setting-names.js';
import type { TableOptions } from './table-options.js';

/** How to read a table as a dataset: the reader's options, the task, and the classes its labels must be among. */
export interface LoadOptions extends TableOptions {
  /** Whether the target columns are classes (the default) or numbers. */
  readonly task?: Task;
  /** The classes the labels must be among (a model's, or those of the training rows); default: the table's own. */
  readonly classes?: readonly string[];
  /** What `classes` are, for the error naming a label that is none of them: `the model's classes`. */
  readonly classesAre?: string;
}

/** Options that read a table's targets as classes (the default). */
export type ClassificationLoad = LoadOptions & { readonly task?: 'classification' };

/** Options that read a table's targets as numbers. */
export type RegressionLoad = LoadOptions & { readonly task: 'regression' };

/**
 * Reads a table file (`.csv`, `.tsv`, `.txt`, each optionally `.gz`) as a dataset: its feature columns as
 * float32, its target column (the last one unless `options.target` names others) as classes (see
 * `encodeClasses`), or with `options.task` regression as numbers. The file is read as a stream; errors are
 * UserErrors at `file:line:column`.
 */
export function loadCsv(path: string, options?: ClassificationLoad): ClassificationDataset;
export function loadCsv(path: string, options: RegressionLoad): RegressionDataset;
export function loadCsv(path: string, options?: LoadOptions): Dataset;
export function loadCsv(path: string, options: LoadOptions = {}): Dataset {
  return tableDataset(readTable(path, options), options);
}

/** Reads table text as `loadCsv` reads a file; `source` names it in errors. */
export function parseCsv(text: string, source: string, options?: ClassificationLoad): ClassificationDataset;
export function parseCsv(text: string, source: string, options: RegressionLoad): RegressionDataset;
export function parseCsv(text: string, source: string, options?: LoadOptions): Dataset;
export function parseCsv(text: string, source: string, options: LoadOptions = {}): Dataset {
  return tableDataset(parseTable(text, source, options), options);
}

/**
 * A table as a dataset: in classification (the default) its one target column as classes (see
 * `encodeClasses`); in regression its target columns as numbers, every cell of them a number.
 */
export function tableDataset(table: Table, options?: ClassificationLoad): ClassificationDataset;
export function tableDataset(table: Table, options: RegressionLoad): RegressionDataset;
export function tableDataset(table: Table, options?: LoadOptions): Dataset;
export function tableDataset(table: Table, options: LoadOptions = {}): Dataset {
  const names = options.names ?? FLAG_NAMES;
  if (options.task === 'regression') return regressionTable(table, names);
  if (table.targets.length !== 1) {
    const what = table.targets.length === 0 ? 'no target column' : `${table.targets.length} target columns (${table.targets.map((t) => t.name).join(', ')})`;
    throw new UserError(`${table.source}: ${what}; a classifier takes one, named with ${names.target} (several are targets of ${names.taskRegression})`, 2);
  }
  const places = { source: table.source, lines: table.lines, names };
  const { classes, labels } = encodeClasses(table.targets[0], options.classes, places, options.classesAre ?? 'the classes');
  return {
    task: 'classification',
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

/** A table's target columns as numeric targets: a cell that is not a number (or too large for float32) is an error at its place. */
function regressionTable(table: Table, names: SettingNames): RegressionDataset {
  const width = table.targets.length;
  if (width === 0) throw new UserError(`${table.source}: no target column; regression needs one or more, named with ${names.target}`, 2);
  const places = { source: table.source, lines: table.lines };
  const targets = new Float32Array(table.count * width);
  table.targets.forEach((column, j) => {
    const numbers = column.numbers;
    if (numbers === null) {
      const row = column.firstText;
      const text = column.codes === null || column.levels === null ? '' : ` ${JSON.stringify(column.levels[column.codes[row]])}`;
      throw new UserError(`${where(places, column, row)}: the target${text} is not a number; ${names.taskRegression} needs numeric targets (is ${column.name} the target? name it with ${names.target})`);
    }
    for (let r = 0, at = j; r < table.count; r++, at += width) targets[at] = numbers[r];
    for (let r = 0, at = j; r < table.count; r++, at += width) {
      if (!Number.isFinite(targets[at])) throw new UserError(`${where(places, column, r)}: the target ${numbers[r]} is too large for float32`);
    }
  });
  return {
    task: 'regression',
    features: table.features,
    targets,
    count: table.count,
    featureCount: table.featureCount,
    targetCount: width,
    targetNames: table.targets.map((column) => column.name),
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
 * original text, quoted where it needs to be), or in regression the target values. Each number is
 * written with the fewest digits that read back as the same float32.
 */
export function formatCsv(data: Dataset, options: CsvFormat = {}): string {
  const width = data.featureCount;
  const targets = data.task === 'classification' ? 1 : data.targetCount;
  const lines: string[] = [];
  if (options.header === true) {
    const names: string[] = [];
    for (let j = 1; j <= width; j++) names.push(`f${j}`);
    if (data.task === 'classification') names.push('label');
    else names.push(...data.targetNames.map((name, k) => (name === String(k) ? `target${k + 1}` : csvCell(name))));
    lines.push(names.join(','));
  }
  const labels = data.task === 'classification' ? data.classes.map(csvCell) : [];
  const fields: string[] = new Array<string>(width + targets);
  for (let r = 0; r < data.count; r++) {
    for (let j = 0; j < width; j++) fields[j] = numberText(data.features[r * width + j], `row ${r} feature ${j}`);
    if (data.task === 'classification') fields[width] = labels[data.labels[r]];
    else for (let k = 0; k < targets; k++) fields[width + k] = numberText(data.targets[r * targets + k], `row ${r} target ${k}`);
    lines.push(fields.join(','));
  }
  return lines.join('\n') + '\n';
}

/** A finite float32 as CSV text; `what` names it when it is not finite. */
function numberText(value: number, what: string): string {
  // The reader refuses anything but finite decimals: writing NaN would make a file it cannot read back.
  if (!Number.isFinite(value)) throw new RangeError(`formatCsv: ${what} is ${value}; a CSV holds finite numbers`);
  return shortestFloat32(value);
}

/** Writes `formatCsv(data, options)` to `path`. */
export function writeCsv(path: string, data: Dataset, options: CsvFormat = {}): void {
  writeFileSync(path, formatCsv(data, options));
}

/** A cell as RFC 4180 writes it: quoted, with quotes doubled, when it holds a comma, quote, line end or edge blank. */
export function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
