// How a table file is read: the names of its delimiters and header modes, and the options of the reader.

import type { SettingNames } from './setting-names.js';
import type { TableLayout } from './table-layout.js';

/** The delimiters a table may use; `auto` detects one of comma, semicolon, tab and whitespace from the first lines. */
export type DelimiterName = 'auto' | 'comma' | 'semicolon' | 'tab' | 'whitespace' | 'pipe';

/** Every delimiter's name, in the order the CLI lists them. */
export const DELIMITER_NAMES = ['auto', 'comma', 'semicolon', 'tab', 'whitespace', 'pipe'] as const satisfies readonly DelimiterName[];

/** Whether the first row names the columns: `auto` tells from its feature cells (all numbers: data). */
export type HeaderMode = 'auto' | 'yes' | 'no';

/** Every header mode's name. */
export const HEADER_MODES = ['auto', 'yes', 'no'] as const satisfies readonly HeaderMode[];

/** What the reader is told about a table; every field has a default. */
export interface TableOptions {
  /** Default `auto`. */
  readonly delimiter?: DelimiterName;
  /** Default `auto`. */
  readonly header?: HeaderMode;
  /** The target columns by header name or 0-based index (a string of digits); default: the last column not ignored. */
  readonly target?: readonly string[];
  /** Columns to leave out, by header name or 0-based index. */
  readonly ignore?: readonly string[];
  /**
   * Read the rows as a model trained on a table of this layout takes them: with all its columns, or
   * without the target ones (then `targets` is empty), or its features alone (`featureCount` of them).
   * `target` and `ignore` are then taken from the layout.
   */
  readonly like?: { readonly layout: TableLayout; readonly featureCount: number; readonly targetNeeded: boolean };
  /** How messages name the settings (default: the command line's flags, FLAG_NAMES). */
  readonly names?: SettingNames;
  /** The most bytes the rows may need as float32 (default: 4 GiB, what training memory holds); a test hook. */
  readonly maxBytes?: number;
  /** Bytes read per step (default 2 MiB); a test hook, to cut rows and cells at every place. */
  readonly chunkBytes?: number;
}
