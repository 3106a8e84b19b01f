// Class labels as they come (numbers, text) mapped to outputs 0..C−1: numbers in numeric order, text in code-point order.

import { UserError } from '../errors.js';
import { DECIMAL } from './decimal.js';
import { FLAG_NAMES, type SettingNames } from './setting-names.js';
import type { TargetColumn } from './target-column.js';

/** A target column read as classes. */
export interface ClassEncoding {
  /** The original label of each class, in output order. */
  readonly classes: readonly string[];
  /** Each row's class, an index into `classes`. */
  readonly labels: Int32Array;
}

/** More distinct labels than this, in fewer than twice as many rows, is a column of values rather than classes. */
const MANY_CLASSES = 20;

/** Where rows come from, for messages: the source and, for a table, each row's line and the target's column. */
export interface RowPlaces {
  readonly source: string;
  readonly lines?: Int32Array;
  /** How a message names row `row` where rows are not lines of a file (arrays: `config.data.targets[4]`); default `source, row N`. */
  readonly row?: (row: number) => string;
  /** What a message about a column of values rather than labels suggests; default naming the target setting. */
  readonly valuesHint?: string;
  /** How the default hint names the target setting (default: the command line's flags). */
  readonly names?: SettingNames;
}

/**
 * The classes of `target`'s rows. Without `known`, they are its distinct values: all numbers, in
 * numeric order and written as numbers (`1.0` and `1` are one class, `1`); otherwise the texts in
 * code-point order. With `known` (a model's classes, or those of the training rows), each value is
 * matched to one of them, by text or as equal numbers; a value that matches none is a UserError
 * naming it and its first row, `unknownIs` saying what `known` are.
 */
export function encodeClasses(target: TargetColumn, known: readonly string[] | undefined, places: RowPlaces, unknownIs: string): ClassEncoding {
  const { codes, levels } = target;
  if (codes === null || levels === null) {
    throw new UserError(`${places.source}: the target column ${target.name} has more than 65,536 distinct values, too many to be class labels`);
  }
  const { classes, levelClass } = known === undefined ? sortedClasses(levels) : matchedClasses(levels, known);
  const labels = new Int32Array(codes.length);
  for (let r = 0; r < codes.length; r++) {
    const label = levelClass[codes[r]];
    if (label < 0) throw new UserError(`${where(places, target, r)}: class ${show(levels[codes[r]])} is not one of ${unknownIs} (${listed(classes)})`);
    labels[r] = label;
  }
  if (known === undefined && classes.length > MANY_CLASSES && 2 * classes.length > codes.length) {
    throw new UserError(
      `${places.source}: the target column ${target.name} has ${classes.length} distinct values in ${codes.length} rows: values, not class labels; ` +
        (places.valuesHint ?? `is it the target? (name the target with ${(places.names ?? FLAG_NAMES).target})`),
    );
  }
  return { classes, labels };
}

/** Where row `row` is: `file:line:column` for a table, else `source, row N`. */
export function where(places: RowPlaces, target: TargetColumn, row: number): string {
  if (places.lines !== undefined) return `${places.source}:${places.lines[row]}:${target.column + 1}`;
  return places.row === undefined ? `${places.source}, row ${row + 1}` : places.row(row);
}

/** The identity classes of `count` outputs, `0`…`count − 1`: a model saved without its classes. */
export function outputClasses(count: number): string[] {
  return Array.from({ length: count }, (_, k) => String(k));
}

/** A class label as JSON prints it: a number where the label is one, else the text. */
export function labelValue(label: string): string | number {
  return DECIMAL.test(label) ? Number(label) : label;
}

/** The distinct levels in class order, and each level's class. */
function sortedClasses(levels: readonly string[]): { classes: string[]; levelClass: Int32Array } {
  const levelClass = new Int32Array(levels.length);
  if (levels.every((level) => DECIMAL.test(level))) {
    const values = [...new Set(levels.map(Number))].sort((a, b) => a - b);
    const index = new Map(values.map((value, k) => [value, k]));
    levels.forEach((level, i) => (levelClass[i] = index.get(Number(level)) ?? -1));
    return { classes: values.map((value) => String(value)), levelClass };
  }
  const classes = [...levels].sort(byCodePoints);
  const index = new Map(classes.map((label, k) => [label, k]));
  levels.forEach((level, i) => (levelClass[i] = index.get(level) ?? -1));
  return { classes, levelClass };
}

/** Each level's class among `known` (−1 for none): the same text, or the same number. */
function matchedClasses(levels: readonly string[], known: readonly string[]): { classes: readonly string[]; levelClass: Int32Array } {
  const byText = new Map(known.map((label, k) => [label, k]));
  const byNumber = new Map<number, number>();
  known.forEach((label, k) => {
    if (DECIMAL.test(label) && !byNumber.has(Number(label))) byNumber.set(Number(label), k);
  });
  const levelClass = Int32Array.from(levels, (level) => byText.get(level) ?? (DECIMAL.test(level) ? byNumber.get(Number(level)) : undefined) ?? -1);
  return { classes: known, levelClass };
}

/** Orders strings by Unicode code points (`<` compares UTF-16 units, which puts U+E000…U+FFFF after the astral planes). */
function byCodePoints(a: string, b: string): number {
  const pa = Array.from(a, (ch) => ch.codePointAt(0) ?? 0);
  const pb = Array.from(b, (ch) => ch.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return pa.length - pb.length;
}

/** A label in a message: quoted text, a bare number. */
function show(label: string): string {
  return DECIMAL.test(label) ? label : JSON.stringify(label);
}

/** Labels as a message lists them: the first few, then how many more. */
function listed(classes: readonly string[]): string {
  const shown = classes.slice(0, 10).map(show).join(', ');
  return classes.length > 10 ? `${shown}, … ${classes.length} in all` : shown;
}
