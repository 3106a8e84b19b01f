// The first rows of a table's text split into cells (quotes per RFC 4180), to detect its delimiter, header and columns.

/** A delimiter as the readers use it: a byte such as 0x2c (comma), or WHITESPACE for runs of spaces and tabs. */
export type DelimiterCode = number;

/** Fields separated by runs of spaces and tabs (leading and trailing ones ignored). */
export const WHITESPACE: DelimiterCode = -1;

/** One row of a sample: its cells (unquoted, then trimmed, as the parser reads them) and the 1-based line it starts on. */
export interface SampleRow {
  readonly cells: string[];
  readonly line: number;
  /** Whether a quote stands where RFC 4180 has none: inside an unquoted cell, or after a closing one (a sign of the wrong delimiter). */
  readonly strayQuote: boolean;
}

const QUOTE = '"';

/**
 * The first `limit` non-blank rows of `text`. Line ends are LF, CRLF or CR; a quoted cell may hold
 * delimiters, line ends and doubled quotes. When `complete` is false the text is the start of a
 * longer file, so a last row that the text cuts short is left out.
 */
export function sampleRows(text: string, delimiter: DelimiterCode, limit: number, complete: boolean): SampleRow[] {
  const rows: SampleRow[] = [];
  const separator = delimiter === WHITESPACE ? '' : String.fromCharCode(delimiter);
  let at = 0;
  let line = 1;
  while (at < text.length && rows.length < limit) {
    const start = line;
    const cells: string[] = [];
    let quoted = false;
    let strayQuote = false;
    let ended = false;
    while (!ended) {
      while (isBlank(text[at], separator)) at++;
      let cell = '';
      if (text[at] === QUOTE) {
        quoted = true;
        at++;
        for (;;) {
          if (at >= text.length) return complete ? [...rows, { cells: [...cells, cell], line: start, strayQuote }] : rows;
          const ch = text[at++];
          if (ch === QUOTE) {
            if (text[at] !== QUOTE) break;
            at++;
          } else if (ch === '\n' || (ch === '\r' && text[at] !== '\n')) {
            line++;
          }
          cell += ch;
        }
        const from = at;
        while (at < text.length && !isEnd(text[at], separator)) at++;
        const after = text.slice(from, at).trim();
        // Text after a closing quote: not RFC 4180, kept so that the cell still shows what is there.
        if (after !== '') strayQuote = true;
        cell = (cell + after).trim();
      } else {
        const from = at;
        while (at < text.length && !isEnd(text[at], separator)) at++;
        cell = text.slice(from, at).trim();
        if (cell.includes(QUOTE)) strayQuote = true;
      }
      cells.push(cell);
      if (separator === '') while (isBlank(text[at], separator)) at++;
      if (at >= text.length) {
        if (!complete) return rows;
        ended = true;
      } else if (text[at] === '\r' || text[at] === '\n') {
        at += text[at] === '\r' && text[at + 1] === '\n' ? 2 : 1;
        line++;
        ended = true;
      } else if (separator !== '') {
        at++;
      }
    }
    // A line of nothing but blanks is no row.
    if (quoted || cells.length > 1 || cells[0] !== '') rows.push({ cells, line: start, strayQuote });
  }
  return rows;
}

/** A space or tab that is not the delimiter itself. */
function isBlank(ch: string | undefined, separator: string): boolean {
  return (ch === ' ' || ch === '\t') && ch !== separator;
}

/** A character that ends an unquoted cell. */
function isEnd(ch: string, separator: string): boolean {
  return ch === '\n' || ch === '\r' || (separator === '' ? ch === ' ' || ch === '\t' : ch === separator);
}
