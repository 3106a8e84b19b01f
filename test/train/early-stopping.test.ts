// Early stopping: the lowest validation loss so far and its parameters, patience counted in epochs without improvement, resumable from its record.

import { describe, expect, it } from 'vitest';
import { EarlyStopping } from '../../src/train/early-stopping.js';

describe('EarlyStopping', () => {
  it('keeps the parameters of the epoch with the lowest loss, and stops after `patience` epochs without a lower one', () => {
    const early = new EarlyStopping(2, 2);
    expect([early.epoch, early.parameters]).toEqual([0, null]);
    expect(early.record(1, 0.9, Float32Array.of(1, 1))).toBe(true);
    expect(early.record(2, 0.5, Float32Array.of(2, 2))).toBe(true);
    expect(early.record(3, 0.5, Float32Array.of(3, 3))).toBe(false);
    expect(early.stopped).toBe(false);
    expect(early.record(4, 0.7, Float32Array.of(4, 4))).toBe(false);
    expect(early.stopped).toBe(true);
    expect(early.epoch).toBe(2);
    expect(Array.from(early.parameters ?? [])).toEqual([2, 2]);
    expect(early.state()).toEqual({ bestEpoch: 2, bestLoss: 0.5, epochsSinceBest: 2 });
  });

  it('a NaN loss never improves; before any epoch improves, the record has no best', () => {
    const early = new EarlyStopping(1, 1);
    early.record(1, Number.NaN, Float32Array.of(1));
    expect(early.state()).toEqual({ bestEpoch: 0, bestLoss: null, epochsSinceBest: 1 });
    expect(early.stopped).toBe(true);
  });

  it('resumed from its record and best parameters, it goes on as the one it was saved from', () => {
    const straight = new EarlyStopping(3, 1);
    const resumedFrom = new EarlyStopping(3, 1);
    const losses = [0.8, 0.6, 0.7, 0.65, 0.5, 0.9];
    losses.slice(0, 3).forEach((loss, i) => [straight, resumedFrom].forEach((e) => e.record(i + 1, loss, Float32Array.of(i + 1))));
    const resumed = new EarlyStopping(3, 1, { state: resumedFrom.state(), best: resumedFrom.parameters });
    losses.slice(3).forEach((loss, i) => [straight, resumed].forEach((e) => e.record(i + 4, loss, Float32Array.of(i + 4))));
    expect(resumed.state()).toEqual(straight.state());
    expect(Array.from(resumed.parameters ?? [])).toEqual(Array.from(straight.parameters ?? []));
  });

  it('a record whose best epoch lacks its loss or parameters is refused', () => {
    expect(() => new EarlyStopping(2, 1, { state: { bestEpoch: 2, bestLoss: null, epochsSinceBest: 0 }, best: Float32Array.of(1) })).toThrow(RangeError);
    expect(() => new EarlyStopping(2, 1, { state: { bestEpoch: 0, bestLoss: null, epochsSinceBest: 0 }, best: Float32Array.of(1) })).toThrow(RangeError);
    expect(() => new EarlyStopping(2, 2, { state: { bestEpoch: 1, bestLoss: 0.1, epochsSinceBest: 0 }, best: Float32Array.of(1) })).toThrow(RangeError);
  });
});
