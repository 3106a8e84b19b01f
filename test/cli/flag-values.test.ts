import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choice, hiddenWidths, layerWidths, numberIn, once, positiveInteger, threadCount, uint32 } from '../../src/cli/flag-values.js';
import { MAX_THREADS } from '../../src/parallel/index.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';

const at = (raw: unknown) => ({ raw, where: '--flag' });

/** Whether `parse` refuses `raw` with a usage error naming the flag. */
function refuses(parse: () => unknown): boolean {
  try {
    parse();
    return false;
  } catch (error) {
    return error instanceof UserError && error.exitCode === 2 && error.message.startsWith('--flag ');
  }
}

describe('flag values', () => {
  it('positiveInteger accepts a positive safe integer, typed or as text, and refuses every other number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2)), fc.boolean(), (n, asText) => {
        const raw = asText ? String(n) : n;
        if (Number.isSafeInteger(n) && n > 0) expect(positiveInteger(at(raw))).toBe(n);
        else expect(refuses(() => positiveInteger(at(raw)))).toBe(true);
      }),
      fcOptions(300),
    );
  });

  it('uint32 accepts exactly the integers 0 to 2^32 − 1', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 10 }), fc.nat({ max: 0xffffffff }), fc.constant(2 ** 32)), (n) => {
        if (n >= 0 && n <= 0xffffffff) expect(uint32(at(String(n)))).toBe(n);
        else expect(refuses(() => uint32(at(String(n))))).toBe(true);
      }),
      fcOptions(200),
    );
  });

  it('numberIn accepts a finite number in the range and refuses one outside it', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const inside = Number.isFinite(x) && x >= 0 && x < 1;
        if (inside) expect(numberIn(at(x), { min: 0, maxExclusive: 1 })).toBe(x);
        else expect(refuses(() => numberIn(at(x), { min: 0, maxExclusive: 1 }))).toBe(true);
      }),
      fcOptions(300),
    );
  });

  it('numbers given as text are plain decimals: hex, binary, octal and spelled-out infinities are refused', () => {
    for (const raw of ['0x10', '0b1', '0o7', 'Infinity', '-Infinity', '1_000', '']) expect(refuses(() => numberIn(at(raw), { min: 0 }))).toBe(true);
    for (const [raw, value] of [['16', 16], [' 2.5 ', 2.5], ['1e-3', 0.001], ['.5', 0.5]] as const) expect(numberIn(at(raw), { min: 0 })).toBe(value);
  });

  it("a number beyond a double's range is named too large or too small, not out of the flag's range", () => {
    expect(() => numberIn(at('1e309'), { min: 0, minExclusive: true })).toThrow(new UserError('--flag is too large a number, got 1e309 (the largest is about 1.8e308)', 2));
    expect(() => numberIn(at('-1e309'), { min: 0 })).toThrow('--flag is too large a number, got -1e309');
    // A config file's 1e400, which JSON.parse reads as Infinity.
    expect(() => positiveInteger(at(Number.POSITIVE_INFINITY))).toThrow('--flag is too large a number (the largest is about 1.8e308)');
    expect(() => numberIn(at('1e-400'), { min: 0, minExclusive: true })).toThrow('--flag is too small a number to tell from 0, got 1e-400 (the smallest is about 5e-324)');
    expect(numberIn(at('0e-400'), { min: 0 })).toBe(0);
    expect(numberIn(at('0.000e5'), { min: 0 })).toBe(0);
  });

  it('threadCount takes 1 to MAX_THREADS; once refuses a flag given twice', () => {
    expect(threadCount(at(String(MAX_THREADS)))).toBe(MAX_THREADS);
    expect(() => threadCount(at(String(MAX_THREADS + 1)))).toThrow(`--flag must be at most ${MAX_THREADS}, got ${MAX_THREADS + 1}`);
    expect(once('model', 'a.safetensors')).toBe('a.safetensors');
    expect(() => once('model', ['a', 'a'])).toThrow('--model is given 2 times; give it once');
  });

  it('layerWidths reads back any list of two or more positive integers joined by commas', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 2, maxLength: 6 }), (widths) => {
        expect(layerWidths(at(widths.join(',')))).toEqual(widths);
        expect(layerWidths(at(widths))).toEqual(widths);
      }),
      fcOptions(100),
    );
  });

  it('hidden widths are one or more positive integers', () => {
    expect(hiddenWidths(at('64, 32'))).toEqual([64, 32]);
    expect(hiddenWidths(at([8]))).toEqual([8]);
    expect(hiddenWidths(at(16))).toEqual([16]);
    for (const raw of ['', '0', '8,x', [], [2.5], -4]) expect(() => hiddenWidths(at(raw))).toThrow(/^--flag must be a comma list of positive integers/);
  });

  it('layer widths are two or more positive integers; a single number is no list', () => {
    expect(() => layerWidths(at('10'))).toThrow('--flag needs at least two widths (inputs and outputs), got "10"');
    expect(() => layerWidths(at([]))).toThrow('--flag needs at least two widths (inputs and outputs), got []');
    expect(() => layerWidths(at(10))).toThrow('--flag must be a comma list of positive integers such as 784,256,10, got 10');
    expect(() => layerWidths(at('8,,2'))).toThrow('--flag must be a comma list of positive integers such as 784,256,10, got "8,,2"');
  });

  it('choice accepts only the listed names, case included', () => {
    expect(choice(at('relu'), ['relu', 'tanh'])).toBe('relu');
    expect(refuses(() => choice(at('ReLU'), ['relu', 'tanh']))).toBe(true);
    expect(refuses(() => choice(at(1), ['relu', 'tanh']))).toBe(true);
  });
});
