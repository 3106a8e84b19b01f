// The gradcheck comparison: the pass rule, the maxima it reports, and NaN.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorMeter, GRADCHECK_TOLERANCE } from '../../src/nn/error-meter.js';
import { fcOptions } from '../support/fc.js';

const pairs = fc.array(fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: 1, maxLength: 20 });

describe('ErrorMeter', () => {
  it('a tensor passes exactly when every |analytic − numeric| ≤ atol + rtol·|numeric|', () => {
    fc.assert(
      fc.property(pairs, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (values, atol, rtol) => {
        const meter = new ErrorMeter({ step: 1e-6, atol, rtol });
        for (const [a, n] of values) meter.add(a, n);
        const failures = values.filter(([a, n]) => !(Math.abs(a - n) <= atol + rtol * Math.abs(n))).length;
        expect(meter.summary('t', [values.length])).toMatchObject({ checked: values.length, failures, passed: failures === 0 });
      }),
      fcOptions(200),
    );
  });

  it('the reported maxima are the largest absolute and relative errors added', () => {
    fc.assert(
      fc.property(pairs, (values) => {
        const meter = new ErrorMeter(GRADCHECK_TOLERANCE);
        for (const [a, n] of values) meter.add(a, n);
        const abs = values.map(([a, n]) => Math.abs(a - n));
        const rel = values.map(([a, n]) => (a === n ? 0 : Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n))));
        const summary = meter.summary('t', [values.length]);
        expect(summary.maxAbsError).toBe(Math.max(...abs));
        expect(summary.maxRelError).toBe(Math.max(...rel));
      }),
      fcOptions(200),
    );
  });

  it('a NaN on either side fails and stays the maximum', () => {
    const meter = new ErrorMeter(GRADCHECK_TOLERANCE);
    meter.add(1, 1);
    meter.add(Number.NaN, 1);
    meter.add(2, 3);
    expect(meter.summary('w', [3])).toMatchObject({ name: 'w', shape: [3], checked: 3, failures: 2, passed: false, maxAbsError: Number.NaN, maxRelError: Number.NaN });
  });

  it('uses docs/MATH.md’s step and tolerances', () => {
    expect(GRADCHECK_TOLERANCE).toEqual({ step: 6e-6, atol: 1e-5, rtol: 1e-3 });
  });
});
