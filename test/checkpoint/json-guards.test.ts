// Tests of the guards for parsed JSON values: which values each accepts.

import { describe, expect, it } from 'vitest';
import { isCount, isRecord, isUint32 } from '../../src/checkpoint/json-guards.js';

describe('JSON guards', () => {
  it('isRecord accepts objects only: not null, not arrays, not scalars', () => {
    expect([{}, { a: 1 }, null, [], [1], 'x', 3].map(isRecord)).toEqual([true, true, false, false, false, false, false]);
  });

  it('isCount accepts the non-negative safe integers only', () => {
    expect([0, 7, 2 ** 53 - 1, 2 ** 53, -1, 1.5, Number.NaN, '3', null].map(isCount)).toEqual([true, true, true, false, false, false, false, false, false]);
  });

  it('isUint32 accepts the integers from 0 to 2³² − 1 only', () => {
    expect([0, 0xffffffff, 0x100000000, -1, 0.5, '1'].map(isUint32)).toEqual([true, true, false, false, false, false]);
  });
});
