// The values of the flags that say how a table is read; each bad value a usage error naming the flag.

import { DELIMITER_NAMES, type DelimiterName } from '../data/table-options.js';
import { type FlagValue, badFlag } from './flag-values.js';

/** The characters a delimiter may also be given as. */
const DELIMITER_CHARACTERS: Readonly<Record<string, DelimiterName>> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '\\t': 'tab', ' ': 'whitespace', '|': 'pipe' };

/** A delimiter by name (`auto`, `comma`, `semicolon`, `tab`, `whitespace`, `pipe`) or as its character (`,` `;` `\t` `|`). */
export function delimiterName(flag: FlagValue): DelimiterName {
  const raw = flag.raw;
  if (typeof raw === 'string') {
    const named = DELIMITER_NAMES.find((name) => name === raw.toLowerCase()) ?? DELIMITER_CHARACTERS[raw];
    if (named !== undefined) return named;
  }
  throw badFlag(flag.where, `must be one of ${DELIMITER_NAMES.join(', ')} (or , ; \\t |), got ${JSON.stringify(raw)}`);
}

/**
 * Columns by header name or 0-based index: a comma list such as `species` or `0,id`, or in a
 * config file a JSON array of names and indices (which may hold names with commas); [] names none.
 */
export function columnRefs(flag: FlagValue): string[] {
  const raw = flag.raw;
  const items: readonly unknown[] | undefined = typeof raw === 'string' ? raw.split(',') : typeof raw === 'number' ? [raw] : Array.isArray(raw) ? raw : undefined;
  const refs = items?.map((item) => (typeof item === 'number' && Number.isSafeInteger(item) && item >= 0 ? String(item) : typeof item === 'string' ? item.trim() : undefined));
  if (refs === undefined || refs.some((ref) => ref === undefined || ref === '') || (typeof raw === 'string' && refs.length === 0)) {
    throw badFlag(flag.where, `must name columns by header name or 0-based index, as a comma list such as species or 0,id, got ${JSON.stringify(raw)}`);
  }
  return refs.filter((ref): ref is string => ref !== undefined);
}
