import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownTable } from '../../../bench/peers/markdown-table.js';
import { fcOptions } from '../../support/fc.js';

/** A line's cells: split on the pipes that are not escaped, without the outer borders. */
function cells(line: string): string[] {
  return line.split(/(?<!\\)\|/).slice(1, -1);
}

describe('markdownTable', () => {
  it('every line has as many cells as the header, whatever the cells contain', () => {
    const table = fc
      .integer({ min: 1, max: 5 })
      .chain((width) => fc.tuple(fc.array(fc.string(), { minLength: width, maxLength: width }), fc.array(fc.array(fc.string(), { minLength: width, maxLength: width }))));
    fc.assert(
      fc.property(table, ([header, rows]) => {
        const lines = markdownTable(header, rows).split('\n');
        expect(lines).toHaveLength(rows.length + 2);
        for (const line of lines) expect(cells(line)).toHaveLength(header.length);
      }),
      fcOptions(200),
    );
  });

  it('right-aligned columns get a ---: rule', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']], ['left', 'right']).split('\n')[1]).toBe('| --- | ---: |');
  });

  it('rejects a row whose cell count differs from the header, naming the row', () => {
    expect(() => markdownTable(['a', 'b'], [['1', '2'], ['3']])).toThrow(/row 1 has 1 cells; the header has 2/);
  });
});
