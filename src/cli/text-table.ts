// Plain-text tables for the terminal: columns padded to their widest cell.

/** How a column's cells line up. */
export type Align = 'left' | 'right';

/**
 * The rows as lines of aligned columns, two spaces apart, without trailing spaces. `align[c]` aligns column c
 * (by default the first column left and the others right, as numbers read best).
 */
export function textTable(rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, c) => {
      widths[c] = Math.max(widths[c] ?? 0, [...cell].length);
    });
  }
  const lines = rows.map((row) =>
    row
      .map((cell, c) => {
        const side = align[c] ?? (c === 0 ? 'left' : 'right');
        const pad = ' '.repeat(widths[c] - [...cell].length);
        return side === 'left' ? cell + pad : pad + cell;
      })
      .join('  ')
      .trimEnd(),
  );
  return lines.join('\n');
}
