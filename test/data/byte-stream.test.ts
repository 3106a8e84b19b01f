// Tests of the byte stream: a file, a gzip file and bytes in memory give their bytes in any read sizes.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ByteSource, openBytes } from '../../src/data/byte-stream.js';
import { fcOptions } from '../support/fc.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every byte of the source, read `size` bytes at a time at most. */
function readAll(source: ByteSource, size: number): Uint8Array {
  const stream = openBytes(source);
  const parts: Uint8Array[] = [];
  const buffer = new Uint8Array(size);
  for (let count = stream.read(buffer, 0); count > 0; count = stream.read(buffer, 0)) parts.push(buffer.slice(0, count));
  stream.close();
  return Buffer.concat(parts);
}

describe('openBytes', () => {
  it('a file, the same file gzipped (in one member or several) and the bytes in memory read the same, at any read size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 700 }), fc.nat(), (bytes, size, cut) => {
        const plain = join(dir, 'p.bin');
        const gzip = join(dir, 'p.bin.gz');
        writeFileSync(plain, bytes);
        const at = bytes.length === 0 ? 0 : cut % bytes.length;
        writeFileSync(gzip, Buffer.concat([gzipSync(bytes.subarray(0, at)), gzipSync(bytes.subarray(at))]));
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

  it('a missing file is a UserError naming it', () => {
    expect(() => openBytes({ path: join(dir, 'absent.csv'), gzip: false })).toThrow(/absent\.csv: cannot read the file \(no such file or folder\)/);
  });
});
