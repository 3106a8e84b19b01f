// Tests of the byte stream: a file, a gzip file and bytes in memory give their bytes in any read sizes.

import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ByteSource, type ByteStream, openBytes } from '../../src/data/byte-stream.js';
import { fcOptions } from '../support/fc.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every byte of the source, read `size` bytes at a time at most. */
function readAll(source: ByteSource, size: number): Uint8Array {
  return drain(openBytes(source), size);
}

/** Every byte of the stream, read `size` bytes at a time at most; closes it. */
function drain(stream: ByteStream, size: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const buffer = new Uint8Array(size);
  for (let count = stream.read(buffer, 0); count > 0; count = stream.read(buffer, 0)) parts.push(buffer.slice(0, count));
  stream.close();
  return Buffer.concat(parts);
}

describe('openBytes', () => {
  it('a file, the same file gzipped (in one member or several, an empty one among them) and the bytes in memory read the same, at any read size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 700 }), fc.nat(), (bytes, size, cut) => {
        const plain = join(dir, 'p.bin');
        const gzip = join(dir, 'p.bin.gz');
        writeFileSync(plain, bytes);
        const at = bytes.length === 0 ? 0 : cut % bytes.length;
        writeFileSync(gzip, Buffer.concat([gzipSync(bytes.subarray(0, at)), gzipSync(new Uint8Array(0)), gzipSync(bytes.subarray(at))]));
        expect(readAll({ path: plain, gzip: false }, size)).toEqual(Buffer.from(bytes));
        expect(readAll({ path: gzip, gzip: true }, size)).toEqual(Buffer.from(bytes));
        expect(readAll({ bytes, name: 'm' }, size)).toEqual(Buffer.from(bytes));
      }),
      fcOptions(50),
    );
  });

  it('a FIFO is refused at once, without waiting for a writer', () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    expect(() => openBytes({ path: fifo, gzip: false })).toThrow(/pipe\.csv: not a regular file/);
    expect(() => openBytes({ path: fifo, gzip: true })).toThrow(/pipe\.csv: not a regular file/);
  });

  it('a file holding only a gzip header, or cut inside its first member, is refused in one line naming it', () => {
    const whole = gzipSync(Buffer.from('a,b\n1,2\n'));
    const path = join(dir, 'short.gz');
    for (const length of [2, 10, whole.length - 8, whole.length - 1]) {
      writeFileSync(path, whole.subarray(0, length));
      expect(() => readAll({ path, gzip: true }, 64)).toThrow(new RegExp(`^${path}: not a valid gzip file \\(`));
    }
  });

  it('a gzip member whose trailer does not hold the CRC-32 or the length of its bytes is refused, naming the file', () => {
    const first = gzipSync(Buffer.from('first member'));
    const last = gzipSync(Buffer.from('last member'));
    const path = join(dir, 'check.gz');
    // Each member's trailer: its CRC-32 (4 bytes), then its length (4 bytes).
    for (const [at, check] of [
      [first.length - 8, 'data'],
      [first.length - 1, 'length'],
      [first.length + last.length - 5, 'data'],
      [first.length + last.length - 4, 'length'],
    ] as const) {
      const bytes = Buffer.concat([first, last]);
      bytes[at] ^= 0x10;
      writeFileSync(path, bytes);
      expect(() => readAll({ path, gzip: true }, 64)).toThrow(`${path}: not a valid gzip file (incorrect ${check} check)`);
    }
  });

  it('a missing file is a UserError naming it', () => {
    expect(() => openBytes({ path: join(dir, 'absent.csv'), gzip: false })).toThrow(/absent\.csv: cannot read the file \(no such file or folder\)/);
  });
});

describe('a gzip table', () => {
  it('inflates every member, and nothing appended after the file was opened', () => {
    const bytes = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 31) % 256);
    const path = join(dir, 'grows.gz');
    writeFileSync(path, Buffer.concat([gzipSync(bytes.subarray(0, 20_000)), gzipSync(bytes.subarray(20_000))]));
    const stream = openBytes({ path, gzip: true });
    appendFileSync(path, gzipSync(Buffer.from('written later')));
    expect(drain(stream, 4096)).toEqual(Buffer.from(bytes));
  });
});
