// Plain-text tables: every column padded to its widest cell, aligned as asked.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textTable } from '../../src/cli/text-table.js';
import { fcOptions } from '../support/fc.js';

describe('textTable', () => {
  it('every column of every line starts where that column starts in the widest line: cells keep their text', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', '7', '∂', '-'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.array(cell, { minLength: 20, maxLength: 20 }), (columns, rows, cells) => {
        const grid = Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => cells[(r * columns + c) % cells.length]));
        const lines = textTable(grid, new Array(columns).fill('left')).split('\n');
        expect(lines).toHaveLength(rows);
        const widths = Array.from({ length: columns }, (_, c) => Math.max(...grid.map((row) => [...row[c]].length)));
        lines.forEach((line, r) => {
          let at = 0;
          const chars = [...line];
          for (let c = 0; c < columns; c++) {
            expect(chars.slice(at, at + [...grid[r][c]].length).join('')).toBe(grid[r][c]);
            at += widths[c] + 2;
          }
        });
      }),
      fcOptions(100),
    );
  });

  it('aligns the first column left and the others right by default, without trailing spaces', () => {
    expect(textTable([['name', 'n'], ['a', '10'], ['bb', '7']])).toBe('name   n\na     10\nbb     7');
    expect(textTable([['x', 'long'], ['yy', 'z']], ['right', 'left'])).toBe(' x  long\nyy  z');
  });
});
