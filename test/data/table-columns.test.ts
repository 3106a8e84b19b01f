// Tests of column roles: features in file order, targets and ignored columns by name or index, and rows read like a training table.

import { describe, expect, it } from 'vitest';
import { IGNORED, resolveColumns, targetRole } from '../../src/data/table-columns.js';

const row = (...cells: string[]): { cells: string[]; line: number; strayQuote: boolean } => ({ cells, line: 1, strayQuote: false });

describe('resolveColumns', () => {
  it('numbers the features in file order around the targets and ignored columns', () => {
    const columns = resolveColumns(row('y', 'id', 'a', 'b', 'z'), { target: ['z', 'y'], ignore: ['id'] }, 't.csv');
    expect(Array.from(columns.roles)).toEqual([targetRole(1), IGNORED, 0, 1, targetRole(0)]);
    expect([columns.header, columns.featureCount, columns.targetCount]).toEqual([true, 2, 2]);
    expect(columns.layout).toEqual({ columns: 5, target: [4, 0], ignore: [1], names: ['y', 'id', 'a', 'b', 'z'] });
  });

  it('a first row of numbers is data: no names, and its layout has none', () => {
    const columns = resolveColumns(row('1', '2', 'x'), {}, 'd.csv');
    expect([columns.header, columns.names, columns.layout.names]).toEqual([false, null, null]);
  });

  it('read like a table whose target came before an ignored column, rows without the target find the ignored column one place earlier', () => {
    const like = { layout: { columns: 4, target: [0], ignore: [2], names: null }, featureCount: 2, targetNeeded: false };
    expect(Array.from(resolveColumns(row('5', '6', '7'), { like }, 'p.csv').roles)).toEqual([0, IGNORED, 1]);
    expect(Array.from(resolveColumns(row('1', '5', '6', '7'), { like }, 'p.csv').roles)).toEqual([targetRole(0), 0, IGNORED, 1]);
    expect(Array.from(resolveColumns(row('5', '7'), { like }, 'p.csv').roles)).toEqual([0, 1]);
  });
});
