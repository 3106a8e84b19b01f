// The CSV layout of datasets: numeric feature columns, then the integer class label; an optional header line.

import { readFileSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { makeDataset, type Dataset } from './dataset.js';

/** A plain decimal number: no hex, no `Infinity`, no empty field. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The largest label accepted (labels are stored as int32). */
const MAX_LABEL = 0x7fffffff;

/** Reads a CSV file (see `parseCsv`); an unreadable file is a UserError naming it. */
export function loadCsv(path: string): Dataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: cannot read the file (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseCsv(text, path);
}

/**
 * Parses CSV text: every column a number, the last one a non-negative integer label; no quoting.
 * A first line whose fields are not all numbers is a header and skipped; blank lines are ignored.
 * A bad row is a UserError `source:line:column: what is wrong` (both 1-based).
 */
export function parseCsv(text: string, source: string): Dataset {
  const lines = text.split('\n');
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  if (first === lines.length) throw new UserError(`${source}: the file is empty`);

  const firstFields = lines[first].split(',');
  const columns = firstFields.length;
  const hasHeader = !firstFields.every((field) => DECIMAL.test(field.trim()));
  if (columns < 2) {
    throw new UserError(`${source}:${first + 1}:1: expected at least 2 columns (features, then the label), found 1`);
  }
  const featureCount = columns - 1;
  const features = new Float32Array((lines.length - first) * featureCount);
  const labels = new Int32Array(lines.length - first);
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
    labels[count] = parseLabel(fields[featureCount], `${where}:${columns}`);
    count++;
  }
  if (count === 0) throw new UserError(`${source}: the file has a header but no data rows`);
  return makeDataset(features.slice(0, count * featureCount), labels.slice(0, count), featureCount, source);
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
    for (let j = 0; j < width; j++) fields[j] = shortestFloat32(data.features[r * width + j]);
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
