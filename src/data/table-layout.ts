// The columns of a training table: how many, which are targets, which are ignored, and their header names.

/** Where a table's target and ignored columns are, so that a model reads other files of its kind the same way. */
export interface TableLayout {
  /** Columns per row. */
  readonly columns: number;
  /** 0-based indices of the target columns, in the order they were asked for. */
  readonly target: readonly number[];
  /** 0-based indices of the ignored columns, ascending. */
  readonly ignore: readonly number[];
  /** The header's cells, or null for a table without a header. */
  readonly names: readonly string[] | null;
}

/** The layout of a table of `featureCount` features followed by one label column, without a header: every model saved without a layout. */
export function labelLastLayout(featureCount: number): TableLayout {
  return { columns: featureCount + 1, target: [featureCount], ignore: [], names: null };
}

/** Checks that `value` (read from a checkpoint's JSON) is a `TableLayout`; null when it is not (the caller names the key). */
export function parseTableLayout(value: unknown): TableLayout | null {
  if (typeof value !== 'object' || value === null) return null;
  const columns = 'columns' in value ? value.columns : undefined;
  const target = 'target' in value ? indices(value.target, columns) : null;
  const ignore = 'ignore' in value ? indices(value.ignore, columns) : null;
  const names = 'names' in value ? value.names : undefined;
  if (typeof columns !== 'number' || target === null || ignore === null || target.length === 0) return null;
  const header = names === null ? null : strings(names);
  if (names !== null && (header === null || header.length !== columns)) return null;
  const used = new Set([...target, ...ignore]);
  if (used.size !== target.length + ignore.length || used.size >= columns) return null;
  return { columns, target, ignore, names: header };
}

/** The array's column indices, or null unless it is an array of distinct integers in [0, columns). */
function indices(value: unknown, columns: unknown): number[] | null {
  if (!Array.isArray(value) || typeof columns !== 'number') return null;
  const items: readonly unknown[] = value;
  const result: number[] = [];
  for (const item of items) {
    if (!(typeof item === 'number' && Number.isSafeInteger(item) && item >= 0 && item < columns)) return null;
    result.push(item);
  }
  return result;
}

/** The array's strings, or null unless it is an array of strings. */
function strings(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const items: readonly unknown[] = value;
  const result: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') return null;
    result.push(item);
  }
  return result;
}
