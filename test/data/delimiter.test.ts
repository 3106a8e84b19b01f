// Tests of delimiter detection: the delimiter that splits every sampled row alike, with quotes only around cells.

import { describe, expect, it } from 'vitest';
import { delimiterCode, detectDelimiter } from '../../src/data/delimiter.js';
import { WHITESPACE } from '../../src/data/sample-rows.js';

describe('detectDelimiter', () => {
  it('finds each delimiter a table is written with', () => {
    const cases: [string, string][] = [
      ['a,b,label\n1,2,x\n3,4,y\n', 'comma'],
      ['a;b;label\n1;2;x\n3;4;y\n', 'semicolon'],
      ['a\tb\tlabel\n1\t2\tx\n3\t4\ty\n', 'tab'],
      ['  1.5   2  x\n3 4 y\n', 'whitespace'],
      ['1\n2\n', 'comma'],
    ];
    for (const [text, name] of cases) expect(detectDelimiter(text, true)).toBe(name);
  });

  it('prefers the delimiter giving the most cells, then tab, semicolon, comma; whitespace only when none fits', () => {
    // Decimal commas split as many cells as the semicolons: the semicolons win the tie.
    expect(detectDelimiter('5,1;3,5;setosa\n4,9;3,0;virginica\n', true)).toBe('semicolon');
    // A label holding a semicolon in every row: the commas give more cells.
    expect(detectDelimiter('1,2,a;b\n3,4,c;d\n', true)).toBe('comma');
    // Spaces after commas, and a tab table whose labels hold spaces.
    expect(detectDelimiter('1, 2, x\n3, 4, y\n', true)).toBe('comma');
    expect(detectDelimiter('1\t2\tIris setosa\n3\t4\tIris virginica\n', true)).toBe('tab');
  });

  it('a delimiter that falls inside quoted cells does not count', () => {
    expect(detectDelimiter('0,"x;y"\n1,"z;w"\n', true)).toBe('comma');
    expect(detectDelimiter('"a,b";1\n"c,d";2\n', true)).toBe('semicolon');
  });

  it('the last line of a sample that is not the whole file is left out, as it may be cut', () => {
    expect(detectDelimiter('1;2;x\n3;4;y\n5;6', false)).toBe('semicolon');
    expect(detectDelimiter('1;2;x\n3;4;y\n5', false)).toBe('semicolon');
  });

  it('names map to their bytes, whitespace to WHITESPACE', () => {
    expect([delimiterCode('comma'), delimiterCode('semicolon'), delimiterCode('tab'), delimiterCode('pipe'), delimiterCode('whitespace')]).toEqual([0x2c, 0x3b, 0x09, 0x7c, WHITESPACE]);
  });
});
