// A GitHub-flavoured markdown table from a header and rows of cells.

/** Column alignment: left or right. */
export type Align = 'left' | 'right';

/** The table as markdown lines; every row must have the header's number of cells. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== header.length) throw new RangeError(`markdownTable: row ${i} has ${row.length} cells; the header has ${header.length}`);
  }
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = header.map((_, c) => (align[c] === 'right' ? '---:' : '---'));
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** A cell's text with pipes escaped and line breaks flattened, so it cannot break the table. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
