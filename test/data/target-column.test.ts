// Tests of target cells: numbers while every cell is one, codes for the distinct texts, and a cap on how many.

import { describe, expect, it } from 'vitest';
import { MAX_LEVELS, TargetCells, integerTarget } from '../../src/data/target-column.js';

describe('TargetCells', () => {
  it('keeps numbers until a cell is text, codes its texts in order of first appearance, and counts a row set again once', () => {
    const cells = new TargetCells('y', 3, 2);
    cells.set(0, '1.5', 1.5);
    cells.set(1, 'b', Number.NaN);
    cells.set(1, 'b', Number.NaN);
    cells.grow(4);
    cells.set(2, '1.5', 1.5);
    const column = cells.result(3);
    expect([column.name, column.column, column.numbers, column.levels, Array.from(column.codes ?? [])]).toEqual(['y', 3, null, ['1.5', 'b'], [0, 1, 0]]);
    expect([column.firstText, column.textCells]).toEqual([1, 1]);
  });

  it('past MAX_LEVELS distinct texts it keeps no codes, and numbers still', () => {
    const count = MAX_LEVELS + 1;
    const column = integerTarget(Int32Array.from({ length: count }, (_, r) => r), 'id');
    expect([column.codes, column.levels]).toEqual([null, null]);
    expect(column.numbers?.[count - 1]).toBe(count - 1);
  });
});
