// Tests of the data schema a checkpoint keeps: classes and table layout read back, older checkpoints' defaults, and refusals.

import { describe, expect, it } from 'vitest';
import { parseDataSchema } from '../../src/data/data-schema.js';
import { labelLastLayout, parseTableLayout } from '../../src/data/table-layout.js';

const fail = (what: string): never => {
  throw new Error(what);
};

describe('parseDataSchema', () => {
  it('a schema survives JSON', () => {
    const schema = { classes: ['setosa', 'versicolor', 'virginica'], table: { columns: 6, target: [5], ignore: [0], names: ['id', 'a', 'b', 'c', 'd', 'species'] } };
    const back = JSON.parse(JSON.stringify(schema)) as typeof schema;
    expect(parseDataSchema(back.classes, back.table, 3, fail)).toEqual(schema);
  });

  it('a checkpoint without the keys has its outputs as their own labels and no table layout', () => {
    expect(parseDataSchema(undefined, undefined, 4, fail)).toEqual({ classes: ['0', '1', '2', '3'], table: null });
  });

  it('refuses classes that are not distinct strings, one per output, and a table that is not a layout', () => {
    expect(() => parseDataSchema(['a', 'a'], null, 2, fail)).toThrow('metadata "classes" is not a list of distinct class labels (strings)');
    expect(() => parseDataSchema([1, 2], null, 2, fail)).toThrow('metadata "classes" is not a list');
    expect(() => parseDataSchema(['a', 'b'], null, 3, fail)).toThrow('metadata "classes" names 2 classes, but the model has 3 outputs');
    expect(() => parseDataSchema(undefined, { columns: 2 }, 2, fail)).toThrow('metadata "table" is not a table layout');
  });
});

describe('parseTableLayout', () => {
  it('accepts a layout and refuses indices out of range, overlapping, no target, no features or names of another count', () => {
    expect(parseTableLayout(labelLastLayout(3))).toEqual({ columns: 4, target: [3], ignore: [], names: null });
    const bad: unknown[] = [
      { columns: 3, target: [3], ignore: [], names: null },
      { columns: 3, target: [1], ignore: [1], names: null },
      { columns: 3, target: [], ignore: [], names: null },
      { columns: 2, target: [0], ignore: [1], names: null },
      { columns: 3, target: [2], ignore: [], names: ['a'] },
      { columns: 3, target: [2.5], ignore: [], names: null },
      'layout',
    ];
    for (const value of bad) expect(parseTableLayout(value)).toBeNull();
  });
});
