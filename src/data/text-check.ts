// The first bytes of a table file: UTF-8 text (after an optional byte-order mark), or a one-line message saying what it is instead.

import { UserError } from '../errors.js';

/** The UTF-8 byte-order mark, which spreadsheet programs write first. */
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * How many bytes of a byte-order mark open `bytes` (3 for UTF-8's, else 0). Throws a UserError
 * naming what the file is when it is not UTF-8 text: gzip data in a file not named `.gz`, UTF-16
 * or UTF-32 text, a zip archive (such as a spreadsheet), or other binary data (NUL bytes).
 */
export function textStart(bytes: Uint8Array, source: string): number {
  const starts = (...prefix: number[]): boolean => prefix.every((byte, i) => bytes[i] === byte);
  const refuse = (what: string): never => {
    throw new UserError(`${source}: ${what}`);
  };
  if (UTF8_BOM.every((byte, i) => bytes[i] === byte)) return UTF8_BOM.length;
  if (starts(0x1f, 0x8b)) refuse('this is gzip-compressed data, not text; name the file ….gz (e.g. data.csv.gz) or decompress it');
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) refuse('this is UTF-32 text (it starts with a UTF-32 byte-order mark); save it as UTF-8');
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) refuse('this is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8');
  if (starts(0x50, 0x4b, 0x03, 0x04)) refuse('this is a zip archive (a spreadsheet workbook?), not text; export the sheet as CSV');
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    // ASCII written as UTF-16 has a zero byte beside every character.
    const utf16 = bytes.length >= 4 && (bytes[1] === 0 || bytes[0] === 0) && (bytes[3] === 0 || bytes[2] === 0);
    refuse(utf16 ? 'this looks like UTF-16 text (every other byte is zero); save it as UTF-8' : `this is binary data, not text (byte ${nul + 1} is NUL)`);
  }
  return 0;
}
