// What each column of a table is (a feature, a target, ignored) and whether its first row is a header, from that row and the options.

import { UserError } from '../errors.js';
import { DECIMAL } from './decimal.js';
import type { SampleRow } from './sample-rows.js';
import { FLAG_NAMES, type SettingNames } from './setting-names.js';
import type { TableLayout } from './table-layout.js';
import type { TableOptions } from './table-options.js';

/** The role of a column the reader skips. */
export const IGNORED = -1;

/** The role of target column `t` (0 for the first --target): −2, −3, … */
export function targetRole(t: number): number {
  return -2 - t;
}

/** What the reader needs to know of a table's columns. */
export interface TableColumns {
  /** Whether the first row is a header (not data). */
  readonly header: boolean;
  /** Each column's role: a feature's index (0, 1, … in file order), IGNORED, or targetRole(t). */
  readonly roles: Int32Array;
  readonly featureCount: number;
  /** How many of the roles are targets (0 when the rows leave the target out). */
  readonly targetCount: number;
  /** The header's cells, or null when the first row is data. */
  readonly names: readonly string[] | null;
  /** The layout of the table the rows belong to: this file's, or the training table's when read `like` it. */
  readonly layout: TableLayout;
}

/** Header cells listed in a message before it says "…". */
const LISTED_NAMES = 12;

/** The columns of a table whose first row is `first`, as `options` name them (see TableOptions). */
export function resolveColumns(first: SampleRow, options: TableOptions, source: string): TableColumns {
  return options.like === undefined ? freshColumns(first, options, source) : columnsLike(first, options.like, options, source);
}

/** A training table's columns: the targets and ignored columns found by name or index, the rest features. */
function freshColumns(first: SampleRow, options: TableOptions, source: string): TableColumns {
  const cells = first.cells;
  const columns = cells.length;
  const mode = options.header ?? 'auto';
  const names = options.names ?? FLAG_NAMES;
  const refs = [...(options.target ?? []), ...(options.ignore ?? [])];
  const named = refs.filter((ref) => !isIndex(ref));
  if (named.length > 0 && mode === 'no') {
    throw new UserError(`${names.target}/${names.ignore} name the column "${named[0]}", but ${names.headerNo} says ${source} has no header; give its 0-based index`, 2);
  }
  const byName = named.length > 0;
  const find = (ref: string, setting: string): number => {
    if (isIndex(ref)) {
      const index = Number(ref);
      if (index >= columns) throw new UserError(`${setting} ${ref}: ${source} has ${columns} columns (indices 0 to ${columns - 1})`, 2);
      return index;
    }
    const index = cells.indexOf(ref);
    if (index < 0) throw new UserError(`${setting} ${ref}: ${source} has no column named "${ref}" (its first row: ${listed(cells)})`, 2);
    return index;
  };
  const ignore = (options.ignore ?? []).map((ref) => find(ref, names.ignore));
  let target = (options.target ?? []).map((ref) => find(ref, names.target));
  if (target.length === 0) {
    const last = lastNotIn(columns, ignore);
    if (last < 0) throw new UserError(`${source}: ${names.ignore} leaves no column for the target`, 2);
    target = [last];
  }
  checkDistinct(target, ignore, source, names);
  const roles = rolesOf(columns, target, ignore, source);
  const header = mode === 'yes' || (mode === 'auto' && (byName || firstRowIsHeader(first, roles, source, names)));
  const layout: TableLayout = { columns, target, ignore: [...ignore].sort((a, b) => a - b), names: header ? [...cells] : null };
  return { header, roles, featureCount: columns - target.length - ignore.length, targetCount: target.length, names: header ? [...cells] : null, layout };
}

/** The columns of a table read as a model trained on `options.like.layout` reads it: all its columns, all but the targets, or the features alone. */
function columnsLike(first: SampleRow, like: NonNullable<TableOptions['like']>, options: TableOptions, source: string): TableColumns {
  const { layout, featureCount, targetNeeded } = like;
  const cells = first.cells;
  const columns = cells.length;
  let target: readonly number[] = [];
  let ignore: readonly number[] = [];
  if (columns === layout.columns) {
    target = layout.target;
    ignore = layout.ignore;
  } else if (columns === layout.columns - layout.target.length && layout.ignore.length > 0) {
    // The training columns less the targets: the ignored ones sit where they were, shifted past the targets taken out.
    ignore = layout.ignore.map((column) => column - layout.target.filter((t) => t < column).length);
  } else if (columns !== featureCount) {
    throw new UserError(`${source}:${first.line}:${Math.min(columns, layout.columns) + 1}: ${expectedColumns(layout, featureCount, targetNeeded)}, found ${columns}`);
  }
  if (targetNeeded && target.length === 0) {
    throw new UserError(`${source}:${first.line}: ${columns} columns, the model's inputs without a target: ${expectedColumns(layout, featureCount, true)} to score the model (predict needs no target)`);
  }
  const roles = rolesOf(columns, target, ignore, source);
  const mode = options.header ?? 'auto';
  const header = mode === 'yes' || (mode === 'auto' && firstRowIsHeader(first, roles, source, options.names ?? FLAG_NAMES));
  if (header && layout.names !== null) checkFeatureNames(cells, roles, featureNames(layout, layout.names), first.line, source);
  return { header, roles, featureCount, targetCount: target.length, names: header ? [...cells] : null, layout };
}

/** What a model with this layout reads, for messages: `expected 4 columns (the model's inputs) or 5 (…)`. */
function expectedColumns(layout: TableLayout, featureCount: number, targetNeeded: boolean): string {
  const ignored = layout.ignore.length === 0 ? '' : `, ${layout.ignore.length} ignored`;
  const rest = `target${layout.target.length === 1 ? '' : 's'}${ignored}, as in its training table`;
  if (targetNeeded) return `expected ${layout.columns} columns (the model's inputs, ${rest})`;
  const noTarget = layout.ignore.length === 0 ? '' : `, ${layout.columns - layout.target.length} (without the target)`;
  return `expected ${featureCount} columns (the model's inputs)${noTarget} or ${layout.columns} (its inputs, ${rest})`;
}

/**
 * Whether a first row is a header, from its feature cells: all numbers, it is data (never dropped);
 * none, a header. Some but not all make it a header when its target cells are text too (names such
 * as `,0,1,label`); with number targets it is data with a typo, an error at its first non-number.
 */
function firstRowIsHeader(first: SampleRow, roles: Int32Array, source: string, names: SettingNames): boolean {
  const numeric = first.cells.map((cell, j) => roles[j] === IGNORED || DECIMAL.test(cell));
  const features = first.cells.filter((_, j) => roles[j] >= 0);
  if (features.every((cell) => DECIMAL.test(cell))) return false;
  if (!features.some((cell) => DECIMAL.test(cell))) return true;
  const targets = first.cells.filter((_, j) => roles[j] < IGNORED);
  if (targets.length === 0 || !targets.every((cell) => DECIMAL.test(cell))) return true;
  const column = numeric.indexOf(false);
  throw new UserError(
    `${source}:${first.line}:${column + 1}: value "${first.cells[column]}" is not a number, but the row's other features and its target are, ` +
      `so it is neither data nor a header (${names.headerYes} if it is one)`,
  );
}

/** Throws unless the header names the features as the training table's header did, column for column. */
function checkFeatureNames(cells: readonly string[], roles: Int32Array, trained: readonly string[], line: number, source: string): void {
  for (let j = 0; j < cells.length; j++) {
    const feature = roles[j];
    if (feature < 0 || cells[j] === trained[feature]) continue;
    throw new UserError(
      `${source}:${line}:${j + 1}: the header names this input "${cells[j]}", but the model's input ${feature + 1} was "${trained[feature]}"; give the columns in the training table's order`,
    );
  }
}

/** The names of a layout's feature columns, in order. */
function featureNames(layout: TableLayout, names: readonly string[]): string[] {
  return names.filter((_, j) => !layout.target.includes(j) && !layout.ignore.includes(j));
}

/** Each column's role (see TableColumns.roles). */
function rolesOf(columns: number, target: readonly number[], ignore: readonly number[], source: string): Int32Array {
  const roles = new Int32Array(columns);
  ignore.forEach((column) => (roles[column] = IGNORED));
  target.forEach((column, t) => (roles[column] = targetRole(t)));
  let features = 0;
  for (let j = 0; j < columns; j++) if (!target.includes(j) && !ignore.includes(j)) roles[j] = features++;
  if (features === 0) throw new UserError(`${source}: no feature columns are left once the target and ignored ones are taken out`, 2);
  return roles;
}

/** Throws a usage error if a column is named twice among the targets and the ignored columns. */
function checkDistinct(target: readonly number[], ignore: readonly number[], source: string, names: SettingNames): void {
  const seen = new Set<number>();
  for (const column of [...target, ...ignore]) {
    if (seen.has(column)) throw new UserError(`${source}: column ${column} is named twice by ${names.target} and ${names.ignore}; name it once`, 2);
    seen.add(column);
  }
}

/** The last column not in `ignore`, or −1. */
function lastNotIn(columns: number, ignore: readonly number[]): number {
  for (let j = columns - 1; j >= 0; j--) if (!ignore.includes(j)) return j;
  return -1;
}

/** A column reference that is an index: digits only. */
function isIndex(ref: string): boolean {
  return /^\d+$/.test(ref);
}

/** The cells as a message lists them: the first few, then how many more. */
function listed(cells: readonly string[]): string {
  const shown = cells.slice(0, LISTED_NAMES).join(', ');
  return cells.length > LISTED_NAMES ? `${shown}, … (${cells.length} in all)` : shown;
}
