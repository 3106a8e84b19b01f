// Tests of class labels as they come: numeric or code-point order, matching known classes, and the refusals.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeClasses, labelValue, outputClasses } from '../../src/data/class-labels.js';
import { integerTarget } from '../../src/data/target-column.js';
import { TargetCells } from '../../src/data/target-column.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';

/** A target column of these cell texts. */
function column(texts: readonly string[]): ReturnType<TargetCells['result']> {
  const cells = new TargetCells('label', 2, texts.length);
  texts.forEach((text, r) => cells.set(r, text, /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN));
  return cells.result(texts.length);
}

const places = { source: 'c.csv', lines: Int32Array.from({ length: 100 }, (_, r) => r + 2) };

describe('encodeClasses', () => {
  it('each row\'s class is its label\'s rank among the distinct labels: numbers by value, text by code point', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 40 }), (values) => {
        const { classes, labels } = encodeClasses(column(values.map(String)), undefined, places, 'x');
        const distinct = [...new Set(values)].sort((a, b) => a - b);
        expect(classes).toEqual(distinct.map(String));
        expect(Array.from(labels)).toEqual(values.map((v) => distinct.indexOf(v)));
      }),
      fcOptions(100),
    );
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }).map((s) => `w${s}`), { minLength: 1, maxLength: 30 }), (texts) => {
        const { classes } = encodeClasses(column(texts), undefined, places, 'x');
        const codePoints = (s: string): number[] => Array.from(s, (ch) => ch.codePointAt(0) ?? 0);
        for (let k = 1; k < classes.length; k++) {
          const [a, b] = [codePoints(classes[k - 1]), codePoints(classes[k])];
          const i = a.findIndex((point, j) => point !== b[j]);
          expect(i === -1 ? a.length < b.length : a[i] < b[i]).toBe(true);
        }
      }),
      fcOptions(100),
    );
  });

  it('integer labels 0..C−1, all present, are their own classes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.array(fc.nat(), { maxLength: 20 }), (count, extra) => {
        const values = [...Array.from({ length: count }, (_, k) => k), ...extra.map((x) => x % count)];
        const { classes, labels } = encodeClasses(integerTarget(values, 'label'), undefined, { source: 'i' }, 'x');
        expect(classes).toEqual(outputClasses(count));
        expect(Array.from(labels)).toEqual(values);
      }),
      fcOptions(50),
    );
  });

  it('known classes are matched by text, else as equal numbers; a label that matches none is named with its place', () => {
    expect(Array.from(encodeClasses(column(['b', '2.50', '07']), ['7', '2.5', 'b'], places, 'x').labels)).toEqual([2, 1, 0]);
    expect(() => encodeClasses(column(['a', 'q']), ['a'], places, "the model's classes")).toThrow(new UserError(`c.csv:3:3: class "q" is not one of the model's classes ("a")`));
    expect(() => encodeClasses(integerTarget([1, 4], 'label'), ['1'], { source: 'idx' }, 'them')).toThrow('idx, row 2: class 4 is not one of them (1)');
  });

  it('a column of more than 65,536 distinct values, or many values in few rows, is not class labels', () => {
    const many = Array.from({ length: 70000 }, (_, r) => `v${r}`);
    expect(() => encodeClasses(column(many), undefined, places, 'x')).toThrow('c.csv: the target column label has more than 65,536 distinct values, too many to be class labels');
    expect(() => encodeClasses(column(Array.from({ length: 30 }, (_, r) => String(r))), undefined, places, 'x')).toThrow(
      'c.csv: the target column label has 30 distinct values in 30 rows: values, not class labels',
    );
  });

  it('labels print as numbers where they are numbers', () => {
    expect(['3', '-1', '1.5', 'setosa', '0x10'].map(labelValue)).toEqual([3, -1, 1.5, 'setosa', '0x10']);
  });
});
