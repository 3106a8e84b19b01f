// A table's delimiter: named by the user, or detected from its first lines.

import type { DelimiterName } from './table-options.js';
import { type DelimiterCode, WHITESPACE, sampleRows } from './sample-rows.js';

/** A delimiter other than `auto`. */
export type FixedDelimiter = Exclude<DelimiterName, 'auto'>;

/** Rows of the sample that detection compares. */
const DETECT_ROWS = 20;

const CODES: Readonly<Record<FixedDelimiter, DelimiterCode>> = {
  comma: 0x2c,
  semicolon: 0x3b,
  tab: 0x09,
  pipe: 0x7c,
  whitespace: WHITESPACE,
};

/** The delimiter's byte, or WHITESPACE. */
export function delimiterCode(name: FixedDelimiter): DelimiterCode {
  return CODES[name];
}

/**
 * The delimiter of a table whose text starts with `text` (all of it when `complete`): of tab,
 * semicolon and comma, the one that splits every sampled row into the same number of cells, two or
 * more, with quotes only around cells; where several do, the one giving the most cells, then the first of that order (so a
 * semicolon table with decimal commas is read by its semicolons). Runs of whitespace only when none
 * of them fits, and a comma when nothing does (a one-column table).
 */
export function detectDelimiter(text: string, complete: boolean): FixedDelimiter {
  let best: FixedDelimiter | undefined;
  let bestCells = 0;
  for (const name of ['tab', 'semicolon', 'comma'] as const) {
    const cells = consistentCells(text, CODES[name], complete);
    if (cells > bestCells) {
      best = name;
      bestCells = cells;
    }
  }
  if (best !== undefined) return best;
  return consistentCells(text, WHITESPACE, complete) > 0 ? 'whitespace' : 'comma';
}

/** The number of cells every sampled row has when split at `delimiter`, or 0 unless that is the same for all, and two or more. */
function consistentCells(text: string, delimiter: DelimiterCode, complete: boolean): number {
  const rows = sampleRows(text, delimiter, DETECT_ROWS, complete);
  if (rows.length === 0) return 0;
  const cells = rows[0].cells.length;
  return cells >= 2 && rows.every((row) => row.cells.length === cells && !row.strayQuote) ? cells : 0;
}
