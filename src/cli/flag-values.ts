// Checking one flag's value, from the command line or a --config file: each bad value is a usage error naming the flag.

import { DECIMAL } from '../data/decimal.js';
import { UserError } from '../errors.js';
import { MAX_THREADS } from '../parallel/index.js';

/** A flag's raw value (a string from the command line, any JSON value from a config file) and where it came from. */
export interface FlagValue {
  raw: unknown;
  /** How messages name its source: `--batch-size`, or `"batch-size" in run.json`. */
  where: string;
  /** True when the value is a resumed checkpoint's, not one the user gave this time. */
  inherited?: boolean;
}

/** A usage error (exit code 2) about the flag at `where`: `--epochs must be a positive integer, got -1`. */
export function badFlag(where: string, what: string): UserError {
  return new UserError(`${where} ${what}`, 2);
}

/** A flag given twice on the command line arrives as an array: that is a usage error. */
export function once(name: string, raw: unknown): unknown {
  if (Array.isArray(raw)) throw badFlag(`--${name}`, `is given ${raw.length} times; give it once`);
  return raw;
}

/** A positive integer (a count: --epochs, --batch-size, --threads, …). */
export function positiveInteger(flag: FlagValue): number {
  const value = toNumber(flag);
  if (!Number.isSafeInteger(value) || value < 1) throw badFlag(flag.where, `must be a positive integer, got ${showNumber(flag)}`);
  return value;
}


/** A thread count: a positive integer up to MAX_THREADS (--threads; see executor.ts). */
export function threadCount(flag: FlagValue): number {
  const value = positiveInteger(flag);
  if (value > MAX_THREADS) throw badFlag(flag.where, `must be at most ${MAX_THREADS}, got ${value}`);
  return value;
}

/** An integer in [0, 2^32 − 1] (--seed). */
export function uint32(flag: FlagValue): number {
  const value = toNumber(flag);
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw badFlag(flag.where, `must be an integer from 0 to 4294967295, got ${showNumber(flag)}`);
  }
  return value;
}

/** A finite number with `min <= value` (or `min < value` when `minExclusive`) and `value < maxExclusive`. */
export function numberIn(flag: FlagValue, range: { min: number; minExclusive?: boolean; maxExclusive?: number }): number {
  const value = toNumber(flag);
  const { min, minExclusive = false, maxExclusive = Infinity } = range;
  const aboveMin = minExclusive ? value > min : value >= min;
  if (!Number.isFinite(value) || !aboveMin || !(value < maxExclusive)) {
    const lower = minExclusive ? `greater than ${min}` : `at least ${min}`;
    const upper = maxExclusive === Infinity ? '' : ` and less than ${maxExclusive}`;
    throw badFlag(flag.where, `must be a number ${lower}${upper}, got ${showNumber(flag)}`);
  }
  return value;
}

/** One of `choices`. */
export function choice<T extends string>(flag: FlagValue, choices: readonly T[]): T {
  const raw = flag.raw;
  const found = choices.find((c) => c === raw);
  if (found === undefined) throw badFlag(flag.where, `must be one of ${choices.join(', ')}, got ${show(raw)}`);
  return found;
}

/** A true/false switch (`--nesterov`, `--no-shuffle`; true or false in a config file). */
export function boolean(flag: FlagValue): boolean {
  const raw = flag.raw;
  if (typeof raw !== 'boolean') throw badFlag(flag.where, `must be true or false, got ${show(raw)}`);
  return raw;
}

/** A non-empty string (a file name, or 'mnist'). */
export function text(flag: FlagValue): string {
  const raw = flag.raw;
  if (typeof raw !== 'string' || raw.trim() === '') throw badFlag(flag.where, `must be a non-empty string, got ${show(raw)}`);
  return raw;
}

/** Layer widths, input first: a comma list such as "64,16,10" (or a JSON array of integers in a config file); at least two. */
export function layerWidths(flag: FlagValue): number[] {
  const widths = positiveIntegers(flag.raw);
  if (widths === undefined) throw badFlag(flag.where, `must be a comma list of positive integers such as 784,256,10, got ${show(flag.raw)}`);
  if (widths.length < 2) throw badFlag(flag.where, `needs at least two widths (inputs and outputs), got ${show(flag.raw)}`);
  return widths;
}

/** Hidden widths: a comma list of positive integers such as 256,128 (or a JSON array of them, or one number, in a config file); at least one. */
export function hiddenWidths(flag: FlagValue): number[] {
  const raw = flag.raw;
  const widths = positiveIntegers(typeof raw === 'number' ? [raw] : raw);
  if (widths === undefined || widths.length === 0) throw badFlag(flag.where, `must be a comma list of positive integers such as 256,128, got ${show(raw)}`);
  return widths;
}

/** The items of a comma list (or a JSON array) when every one is a positive integer, else undefined. */
function positiveIntegers(raw: unknown): number[] | undefined {
  const items = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : Array.isArray(raw) ? raw : undefined;
  const values = items?.map((item: unknown) => (typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item));
  return values?.every((value): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0) ? values : undefined;
}

/**
 * The flag's number: a JSON number, or text that is a plain decimal (NaN otherwise, for the caller's
 * message). A decimal beyond a double's range is a usage error of its own, rather than a value out of
 * the flag's range: 1e309 is too large (it reads as Infinity), 1e-400 too small (it reads as 0).
 */
function toNumber(flag: FlagValue): number {
  const raw = flag.raw;
  // JSON.parse reads a config file's 1e400 as Infinity: nothing else makes an infinite JSON number.
  if (typeof raw === 'number' && !Number.isFinite(raw) && !Number.isNaN(raw)) throw badFlag(flag.where, `is too large a number (the largest is about 1.8e308)`);
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string' || !DECIMAL.test(raw.trim())) return NaN;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw badFlag(flag.where, `is too large a number, got ${raw.trim()} (the largest is about 1.8e308)`);
  if (value === 0 && /[1-9]/.test(raw.trim().split(/[eE]/)[0])) throw badFlag(flag.where, `is too small a number to tell from 0, got ${raw.trim()} (the smallest is about 5e-324)`);
  return value;
}

/** The value as the user wrote it: a number bare (JSON would print a config file's 1e400 as null), text quoted. */
function show(raw: unknown): string {
  return typeof raw === 'number' ? String(raw) : String(JSON.stringify(raw));
}

/** A numeric flag's value: bare where the command line gave a number (`got 0`), else as `show` writes it. */
function showNumber(flag: FlagValue): string {
  const { raw } = flag;
  return typeof raw === 'string' && flag.where.startsWith('--') && DECIMAL.test(raw.trim()) ? raw.trim() : show(raw);
}
