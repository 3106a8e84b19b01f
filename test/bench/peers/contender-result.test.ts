import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContenderResult, CONTENDER_NAMES, parseContenderResult } from '../../../bench/peers/contender-result.js';
import { fcOptions } from '../../support/fc.js';

const result: fc.Arbitrary<ContenderResult> = fc.record({
  contender: fc.constantFrom(...CONTENDER_NAMES),
  threads: fc.integer({ min: 1, max: 64 }),
  samplesPerSecond: fc.double({ min: 0, max: 1e7, noNaN: true }),
  steps: fc.nat(),
  complete: fc.boolean(),
  testAccuracy: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
  trainLoss: fc.double({ min: 0, max: 100, noNaN: true }),
  library: fc.string(),
  notes: fc.array(fc.string()),
});

/** Lines a child may print before its result (a library's banner), none of them a JSON object. */
const noise = fc.array(fc.string().filter((line) => !line.includes('\n') && !line.trim().startsWith('{')));

describe('parseContenderResult', () => {
  it('reads back exactly the result the child printed, after any banner lines', () => {
    fc.assert(
      fc.property(result, noise, (printed, banner) => {
        const stdout = [...banner, JSON.stringify(printed), ''].join('\n');
        expect(parseContenderResult(stdout, printed.contender)).toEqual(printed);
      }),
      fcOptions(200),
    );
  });

  it("rejects output without a result line, or with another contender's result", () => {
    expect(() => parseContenderResult('Hi, looks like you are running TensorFlow.js\n', 'tfjs-cpu')).toThrow(/tfjs-cpu: the child printed no result line/);
    const other = JSON.stringify({ contender: 'einprop-1', threads: 1, samplesPerSecond: 1, steps: 1, complete: true, testAccuracy: 0.5, trainLoss: 1, library: 'x', notes: [] });
    expect(() => parseContenderResult(other, 'tfjs-cpu')).toThrow(/no result line/);
  });
});
