// IndexNames: fresh one-letter names that avoid every name in use.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { IndexNames } from '../../src/calculus/index-names.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';

describe('IndexNames', () => {
  test('hands out k, l, m first, honours a free preferred name, and never repeats', () => {
    const names = new IndexNames(['i', 'j', 'k']);
    expect(names.fresh()).toBe('l');
    expect(names.fresh('j')).toBe('m');
    expect(names.fresh('z')).toBe('z');
  });
  test('a fresh name is never one in use or one handed out before', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), { maxLength: 26 }), fc.integer({ min: 1, max: 20 }), (used, count) => {
        const names = new IndexNames(used);
        const handed = Array.from({ length: count }, () => names.fresh());
        expect(new Set([...used, ...handed]).size).toBe(used.length + count);
      }),
      fcOptions(100),
    );
  });
  test('runs out after 52 letters, a usage error: the equation typed needs that many', () => {
    const names = new IndexNames([]);
    for (let k = 0; k < 52; k++) names.fresh();
    expect(() => names.fresh()).toThrow(UserError);
    expect(() => names.fresh()).toThrow(/needs more than 52 one-letter index names/);
  });
});
