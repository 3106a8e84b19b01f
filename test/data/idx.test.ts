// Tests of the IDX codec: encode/decode round trips and a clear error for each malformed header.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeIdx, encodeIdx, readIdxFile } from '../../src/data/idx.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Arrays of 1 to 3 small dimensions with their bytes. */
const arrays = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }).chain((dims) => {
  const size = dims.reduce((a, b) => a * b, 1);
  return fc.uint8Array({ minLength: size, maxLength: size }).map((data) => ({ dims, data }));
});

describe('idx', () => {
  it('decoding the encoded bytes gives the array back', () => {
    fc.assert(
      fc.property(arrays, ({ dims, data }) => {
        const decoded = decodeIdx(encodeIdx(dims, data), 'a.idx');
        expect(decoded.dims).toEqual(dims);
        expect(Array.from(decoded.data)).toEqual(Array.from(data));
      }),
      fcOptions(100),
    );
  });

  it('reads plain and gzipped files alike', () => {
    const bytes = encodeIdx([2, 3], new Uint8Array([1, 2, 3, 4, 5, 255]));
    writeFileSync(join(dir, 'plain'), bytes);
    writeFileSync(join(dir, 'zipped.gz'), gzipSync(bytes));
    expect(readIdxFile(join(dir, 'plain'))).toEqual(readIdxFile(join(dir, 'zipped.gz')));
    expect(readIdxFile(join(dir, 'plain')).dims).toEqual([2, 3]);
  });

  it('names the file and the fault of each malformed header', () => {
    const good = encodeIdx([2, 2], new Uint8Array(4));
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array([0, 0]), /^f: not an IDX file/],
      [Uint8Array.from([1, ...good.subarray(1)]), /^f: not an IDX file/],
      [Uint8Array.from([0, 0, 0x0d, ...good.subarray(3)]), /^f: IDX element type 0x0D is not supported/],
      [Uint8Array.from([0, 0, 8, 0]), /^f: IDX header is truncated or has no dimensions/],
      [good.subarray(0, 8), /^f: IDX header is truncated/],
      [good.subarray(0, good.length - 1), /^f: dimensions 2×2 need 4 bytes of data, found 3$/],
      [Uint8Array.from([...good, 7]), /^f: dimensions 2×2 need 4 bytes of data, found 5$/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => decodeIdx(bytes, 'f')).toThrow(UserError);
      expect(() => decodeIdx(bytes, 'f')).toThrow(message);
    }
  });

  it('a gzip stream stops inflating once it passes the bytes its IDX header promises', () => {
    // A header promising 2×2 bytes, followed by 24 MiB of zeros: a 24 KiB file that would inflate a thousandfold.
    const header = encodeIdx([2, 2], new Uint8Array(4));
    const bomb = gzipSync(Buffer.concat([header, Buffer.alloc(24 * 1024 * 1024)]), { level: 9 });
    const path = join(dir, 'bomb.gz');
    writeFileSync(path, bomb);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => readIdxFile(path)).toThrow(`${path}: inflates to more than the ${header.length} bytes its IDX header promises`);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
  });

  it('a gzip stream whose header promises more than one buffer can hold is refused before inflating it', () => {
    const path = join(dir, 'huge.gz');
    writeFileSync(path, gzipSync(Uint8Array.from([0, 0, 8, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])));
    expect(() => readIdxFile(path)).toThrow(/^.*huge\.gz: dimensions 4294967295×4294967295×4294967295 need .* bytes, more than one file einprop reads may hold/);
  });

  it('a FIFO or a folder is refused at once, as not a regular file', () => {
    const fifo = join(dir, 'fifo-idx3-ubyte');
    execFileSync('mkfifo', [fifo]);
    expect(() => readIdxFile(fifo)).toThrow(`cannot read ${fifo}: it is a FIFO, not a regular file`);
    expect(() => readIdxFile(dir)).toThrow(`cannot read ${dir}: it is a folder, not a regular file`);
  });

  it('a gzipped file of several members, one of them cutting the header, reads as the plain file', () => {
    const data = Uint8Array.from({ length: 300 * 28 * 28 }, (_, i) => (i * 7919) % 251);
    const bytes = encodeIdx([300, 28, 28], data);
    const path = join(dir, 'members.gz');
    writeFileSync(path, Buffer.concat([gzipSync(bytes.subarray(0, 6)), gzipSync(bytes.subarray(6, 100_000)), gzipSync(bytes.subarray(100_000))]));
    const read = readIdxFile(path);
    expect(read.dims).toEqual([300, 28, 28]);
    expect(Buffer.from(read.data).equals(Buffer.from(data))).toBe(true);
  });

  it('a gzipped file names its fault: a short header, data shorter than its dimensions, a stream cut short, a wrong CRC-32', () => {
    const bytes = encodeIdx([300, 28, 28], Uint8Array.from({ length: 300 * 28 * 28 }, (_, i) => i % 256));
    const zipped = gzipSync(bytes);
    const wrongCheck = Buffer.from(zipped);
    wrongCheck[zipped.length - 8] ^= 1;
    const cases: [string, Uint8Array, string][] = [
      ['magic.gz', gzipSync(bytes.subarray(0, 3)), 'not an IDX file (the magic number must start with two zero bytes)'],
      ['header.gz', gzipSync(bytes.subarray(0, 10)), 'IDX header is truncated or has no dimensions'],
      ['data.gz', gzipSync(bytes.subarray(0, bytes.length - 1000)), `dimensions 300×28×28 need ${300 * 28 * 28} bytes of data, found ${300 * 28 * 28 - 1000}`],
      ['cut.gz', zipped.subarray(0, zipped.length >> 1), 'not a valid gzip file (unexpected end of file)'],
      ['check.gz', wrongCheck, 'not a valid gzip file (incorrect data check)'],
    ];
    for (const [name, contents, message] of cases) {
      const path = join(dir, name);
      writeFileSync(path, contents);
      expect(() => readIdxFile(path)).toThrow(new UserError(`${path}: ${message}`));
    }
  });

  it('a corrupt gzip file is a UserError naming it', () => {
    const path = join(dir, 'broken.gz');
    writeFileSync(path, Uint8Array.from([0x1f, 0x8b, 1, 2, 3]));
    expect(() => readIdxFile(path)).toThrow(new RegExp(`^${path}: not a valid gzip file`));
  });
});
