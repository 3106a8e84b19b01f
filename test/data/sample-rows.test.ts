// Tests of the sample rows: cells split at the delimiter, RFC 4180 quotes, line ends, blank lines, a cut last row.

import { describe, expect, it } from 'vitest';
import { WHITESPACE, sampleRows } from '../../src/data/sample-rows.js';

const COMMA = 0x2c;

describe('sampleRows', () => {
  it('splits rows into trimmed cells and unquotes quoted ones: doubled quotes, delimiters and line ends inside', () => {
    const rows = sampleRows('a, "b,c" ,"say ""hi"""\r\n\n"two\nlines",x,\n', COMMA, 10, true);
    expect(rows).toEqual([
      { cells: ['a', 'b,c', 'say "hi"'], line: 1, strayQuote: false },
      { cells: ['two\nlines', 'x', ''], line: 3, strayQuote: false },
    ]);
  });

  it('counts CR, LF and CRLF as one line end each, and skips blank lines', () => {
    expect(sampleRows('1\r2\r\n\n  \n3\n', COMMA, 10, true).map((row) => [row.cells[0], row.line])).toEqual([
      ['1', 1],
      ['2', 2],
      ['3', 5],
    ]);
  });

  it('whitespace runs separate cells; leading and trailing ones do not make cells', () => {
    expect(sampleRows('  1 \t 2  "a b"  \n', WHITESPACE, 10, true)[0].cells).toEqual(['1', '2', 'a b']);
  });

  it('stops after `limit` rows, and leaves out a last row the sample cuts short', () => {
    expect(sampleRows('1\n2\n3\n', COMMA, 2, true)).toHaveLength(2);
    expect(sampleRows('1\n2\n3', COMMA, 10, false)).toHaveLength(2);
    expect(sampleRows('1\n"2\n', COMMA, 10, false)).toHaveLength(1);
  });

  it('marks rows with quotes where no quoted cell is', () => {
    expect(sampleRows('a"b,c\n', COMMA, 1, true)[0].strayQuote).toBe(true);
    expect(sampleRows('"a"b,c\n', COMMA, 1, true)[0].strayQuote).toBe(true);
    expect(sampleRows('"a" ,c\n', COMMA, 1, true)[0].strayQuote).toBe(false);
  });
});
