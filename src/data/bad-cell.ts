// What is wrong with a table cell that the reader cannot take, said in one line at file:line:column.

import { UserError } from '../errors.js';
import { DECIMAL } from './decimal.js';
import { FLAG_NAMES, type SettingNames } from './setting-names.js';

/** Cells that say a value is missing. */
const MISSING = /^(?:na|n\/a|nan|null|none|\?)$/i;
/** A number written with a decimal comma, which einprop does not read. */
const DECIMAL_COMMA = /^[+-]?\d*,\d+$/;

/** Whether a cell says its value is missing: empty, `NA`, `N/A`, `NaN`, `null`, `None` or `?`. */
export function isMissing(text: string): boolean {
  return text === '' || MISSING.test(text);
}

/** Where a cell is: `file:line:column` (1-based), the column's header name (null without a header), its 0-based index, and whether its row is the first of data. */
export interface CellPlace {
  readonly at: string;
  readonly name: string | null;
  readonly column: number;
  readonly firstRow: boolean;
}

/**
 * The error for a feature cell that is not a finite float32 number, saying what it is: empty or
 * missing, too large, a decimal comma, or text (on the first row of data: the column is not
 * numeric, so it is named with the settings that would leave it out, as `names` spell them).
 */
export function badFeatureCell(text: string, place: CellPlace, names: SettingNames = FLAG_NAMES): UserError {
  const { at, name, column, firstRow } = place;
  const named = name === null ? '' : ` ${JSON.stringify(name)}`;
  if (text === '') return new UserError(`${at}: empty cell in feature column${named}; every feature needs a number`);
  if (MISSING.test(text)) return new UserError(`${at}: "${text}" in feature column${named} is a missing value; every feature needs a number`);
  if (DECIMAL.test(text)) return new UserError(`${at}: value "${text}" is not a finite number (float32 holds up to about 3.4e38)`);
  if (DECIMAL_COMMA.test(text)) return new UserError(`${at}: value "${text}" is not a number (einprop reads a decimal point, not a comma)`);
  if (firstRow) {
    const ref = name ?? String(column);
    return new UserError(
      `${at}: column${named} is not numeric (its first value is "${text}"); every column but the target and the ignored ones is a feature, ` +
        `so name it with ${names.target} ${ref} or ${names.ignore} ${ref}`,
    );
  }
  return new UserError(`${at}: value "${text}" is not a finite number${named === '' ? '' : ` (column${named})`}`);
}

/** The error for a target cell that is empty or says it is missing. */
export function missingTarget(text: string, place: CellPlace): UserError {
  const named = place.name === null ? '' : ` ${JSON.stringify(place.name)}`;
  const what = text === '' ? 'is empty' : `is "${text}", a missing value`;
  return new UserError(`${place.at}: the target${named} ${what}; every row needs one`);
}
