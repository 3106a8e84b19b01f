// Tests of the first bytes of a table: a UTF-8 byte-order mark is skipped; other encodings and binary files are named.

import { describe, expect, it } from 'vitest';
import { textStart } from '../../src/data/text-check.js';
import { UserError } from '../../src/errors.js';

describe('textStart', () => {
  it('skips a UTF-8 byte-order mark and nothing else', () => {
    expect(textStart(Uint8Array.from([0xef, 0xbb, 0xbf, 0x31]), 'a.csv')).toBe(3);
    expect(textStart(Buffer.from('1,2,ü\n'), 'a.csv')).toBe(0);
    expect(textStart(new Uint8Array(0), 'a.csv')).toBe(0);
  });

  it('names UTF-32 and UTF-16 text with and without a mark, gzip, zip and binary data', () => {
    const cases: [number[], RegExp][] = [
      [[0xff, 0xfe, 0, 0, 0x31, 0, 0, 0], /UTF-32 text/],
      [[0xfe, 0xff, 0, 0x31], /UTF-16 text \(it starts with a UTF-16 byte-order mark\)/],
      [[0, 0x31, 0, 0x2c], /looks like UTF-16 text/],
      [[0x1f, 0x8b, 8, 0], /gzip-compressed data/],
      [[0x50, 0x4b, 3, 4], /zip archive/],
      [[0x31, 0x32, 0x33, 0x2c, 0x34, 0], /binary data, not text \(byte 6 is NUL\)/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => textStart(Uint8Array.from(bytes), 'x.csv')).toThrow(UserError);
      expect(() => textStart(Uint8Array.from(bytes), 'x.csv')).toThrow(message);
    }
  });
});
