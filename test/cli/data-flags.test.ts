// Tests of the data flags' values: delimiters by name or character, column lists.

import { describe, expect, it } from 'vitest';
import { columnRefs, delimiterName } from '../../src/cli/data-flags.js';
import { UserError } from '../../src/errors.js';

const flag = (raw: unknown) => ({ raw, where: '--x' });

describe('data flag values', () => {
  it('a delimiter is a name in any case or its character', () => {
    expect([';', 'Semicolon', '\t', '|', ' ', 'auto'].map((raw) => delimiterName(flag(raw)))).toEqual(['semicolon', 'semicolon', 'tab', 'pipe', 'whitespace', 'auto']);
    expect(() => delimiterName(flag(':'))).toThrow(UserError);
  });

  it('columns are a comma list, a number, or a JSON array of names and indices', () => {
    expect(columnRefs(flag(' a , 3'))).toEqual(['a', '3']);
    expect(columnRefs(flag(4))).toEqual(['4']);
    expect(columnRefs(flag(['x, y', 0]))).toEqual(['x, y', '0']);
    expect(columnRefs(flag([]))).toEqual([]);
    for (const raw of ['', 'a,', -1, [1.5], [''], true]) expect(() => columnRefs(flag(raw))).toThrow(/^--x must name columns/);
  });
});
