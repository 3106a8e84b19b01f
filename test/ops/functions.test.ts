// The calculus-only elementwise functions: abs with derivative 0 at 0 (MAE's), and the unit Huber function.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../src/ops/functions.js';
import { fcOptions } from '../support/fc.js';

describe('the functions only the calculus applies', () => {
  it("abs'(x) is the sign of x, and 0 at 0: MAE's derivative where a = y", () => {
    expect(FUNCTIONS.abs.derivative(0)).toBe(0);
    expect(FUNCTIONS.abs.derivative(-0)).toBe(0);
    expect(FUNCTIONS.abs.derivative(3)).toBe(1);
    expect(FUNCTIONS.abs.derivative(-1e-300)).toBe(-1);
  });

  it("the unit Huber is x²/2 within 1 and |x| − ½ beyond, continuous with its derivative x clamped to [−1, 1]", () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (x) => {
        const { value, derivative } = FUNCTIONS.huber;
        const expected = Math.abs(x) <= 1 ? (x * x) / 2 : Math.abs(x) - 0.5;
        // Equal up to rounding (x²/2 underflows differently from (x/2)·x near the smallest doubles).
        expect(Math.abs(value(x) - expected)).toBeLessThanOrEqual(1e-15 * expected + 1e-300);
        expect(derivative(x)).toBe(Math.min(1, Math.max(-1, x)));
      }),
      fcOptions(200),
    );
    for (const edge of [-1, 1]) {
      expect(FUNCTIONS.huber.value(edge * (1 + 1e-12))).toBeCloseTo(FUNCTIONS.huber.value(edge), 10);
      expect(FUNCTIONS.huber.derivative(edge * (1 + 1e-12))).toBe(edge);
    }
  });
});
