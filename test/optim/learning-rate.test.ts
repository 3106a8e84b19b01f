// Tests of the learning-rate schedules' values.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { learningRate } from '../../src/optim/learning-rate.js';
import { fcOptions } from '../support/fc.js';
import { optimConfig } from './fixtures.js';

/** The rates of every epoch of a run. */
function rates(changes: Parameters<typeof optimConfig>[0], epochs: number): number[] {
  const config = optimConfig(changes);
  return Array.from({ length: epochs }, (_, epoch) => learningRate(config, epoch, epochs));
}

describe('learningRate', () => {
  it('constant: lr at every epoch', () => {
    expect(rates({ lr: 0.3 }, 4)).toEqual([0.3, 0.3, 0.3, 0.3]);
  });

  it('step: lr multiplied by gamma every stepSize epochs', () => {
    expect(rates({ lr: 0.8, schedule: 'step', stepSize: 3, gamma: 0.5 }, 8)).toEqual([0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2]);
  });

  it('cosine: lr at epoch 0, lr/2 halfway, lr·(1 + cos(π·e/E))/2 between', () => {
    const expected = [1, (1 + Math.SQRT1_2) / 2, 0.5, (1 - Math.SQRT1_2) / 2].map((x) => 0.2 * x);
    const actual = rates({ lr: 0.2, schedule: 'cosine' }, 4);
    for (let e = 0; e < 4; e++) expect(actual[e]).toBeCloseTo(expected[e], 15);
  });

  it('cosine rates fall monotonically, stay positive, and those at e and E − e sum to lr', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 1e-5, max: 10, noNaN: true }), (epochs, lr) => {
        const r = rates({ lr, schedule: 'cosine' }, epochs);
        expect(r[0]).toBe(lr);
        for (let e = 1; e < epochs; e++) {
          expect(r[e]).toBeLessThanOrEqual(r[e - 1]);
          expect(r[e]).toBeGreaterThan(0);
          expect(r[e] + r[epochs - e]).toBeCloseTo(lr, 10);
        }
      }),
      fcOptions(50),
    );
  });

  it('refuses an epoch outside the run and a bad step size', () => {
    expect(() => learningRate(optimConfig(), 5, 5)).toThrow(RangeError);
    expect(() => learningRate(optimConfig(), -1, 5)).toThrow(RangeError);
    expect(() => learningRate(optimConfig({ schedule: 'step', stepSize: 0 }), 0, 5)).toThrow('step size');
  });
});
