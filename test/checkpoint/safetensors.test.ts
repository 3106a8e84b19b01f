import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { safetensorsDTypes, type SafetensorsDType, type SafetensorsEntry } from '../../src/checkpoint/safetensors-entry.js';
import { decodeSafetensors, encodeSafetensors, readSafetensors, writeSafetensors, type SafetensorsFile } from '../../src/checkpoint/safetensors.js';
import { fcOptions } from '../support/fc.js';

const ITEM: Record<SafetensorsDType, number> = {
  F64: 8, I64: 8, U64: 8, F32: 4, I32: 4, U32: 4, F16: 2, BF16: 2, I16: 2, U16: 2, I8: 1, U8: 1, BOOL: 1, F8_E5M2: 1, F8_E4M3: 1,
};

const arbName = fc.stringMatching(/^[a-z][a-z0-9_.]{0,11}$/).filter((n) => n !== '__metadata__');

/** A tensor of any known dtype with a shape of rank 0 to 3 (zero dims allowed) and random bytes. */
const arbEntry: fc.Arbitrary<SafetensorsEntry> = fc
  .record({
    dtype: fc.constantFrom(...safetensorsDTypes),
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
  })
  .chain(({ dtype, shape }) => {
    const length = ITEM[dtype] * shape.reduce((a, b) => a * b, 1);
    return fc.uint8Array({ minLength: length, maxLength: length }).map((bytes) => ({ dtype, shape, bytes }));
  });

const arbFile: fc.Arbitrary<SafetensorsFile> = fc.record({
  tensors: fc.uniqueArray(fc.tuple(arbName, arbEntry), { selector: ([name]) => name, maxLength: 6 }).map((pairs) => new Map(pairs)),
  metadata: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 12 }), { maxKeys: 4 }),
});

/** A file built by hand, byte by byte, exactly as the format's README lays it out. */
function handBuilt(header: string, data: number[], declaredLength = Buffer.byteLength(header)): Uint8Array {
  const json = Buffer.from(header, 'utf8');
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(declaredLength), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function decodeError(bytes: Uint8Array): string {
  try {
    decodeSafetensors(bytes, 'model.safetensors');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('decodeSafetensors accepted a bad file');
}

describe('safetensors round trip', () => {
  it('decode(encode(file)) gives back every tensor (all dtypes, empty and 0-rank ones) and the metadata', () => {
    fc.assert(
      fc.property(arbFile, (file) => {
        const back = decodeSafetensors(encodeSafetensors(file), 'x');
        expect([...back.tensors.keys()].sort()).toEqual([...file.tensors.keys()].sort());
        for (const [name, entry] of file.tensors) {
          const got = back.tensors.get(name)!;
          expect(got.dtype).toBe(entry.dtype);
          expect(got.shape).toEqual(entry.shape);
          expect(Buffer.from(got.bytes).equals(Buffer.from(entry.bytes))).toBe(true);
        }
        expect(back.metadata).toEqual(file.metadata);
      }),
      fcOptions(200),
    );
  });

  it('the encoded header is 8-byte aligned, space padded, starts with {, and its offsets tile the data in order', () => {
    fc.assert(
      fc.property(arbFile, (file) => {
        const bytes = encodeSafetensors(file);
        const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
        expect(n % 8).toBe(0);
        const text = Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8');
        expect(text[0]).toBe('{');
        expect(text.trimEnd().endsWith('}')).toBe(true);
        expect(/^ *$/.test(text.slice(text.trimEnd().length))).toBe(true);
        const header = JSON.parse(text) as Record<string, { dtype: SafetensorsDType; data_offsets: [number, number] }>;
        const ranges = Object.entries(header)
          .filter(([name]) => name !== '__metadata__')
          .map(([, info]) => ({ size: ITEM[info.dtype], offsets: info.data_offsets }))
          .sort((a, b) => a.offsets[0] - b.offsets[0] || a.offsets[1] - b.offsets[1]);
        let end = 0;
        for (const { size, offsets } of ranges) {
          expect(offsets[0]).toBe(end);
          // Each tensor starts at a multiple of its element size, counted from the file's start.
          expect((8 + n + offsets[0]) % size).toBe(0);
          end = offsets[1];
        }
        expect(8 + n + end).toBe(bytes.length);
      }),
      fcOptions(200),
    );
  });

  it('writeSafetensors then readSafetensors gives back the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'einprop-st-'));
    const path = join(dir, 'w.safetensors');
    const file: SafetensorsFile = {
      tensors: new Map([['w', { dtype: 'F32', shape: [1, 2], bytes: new Uint8Array(new Float32Array([1.5, -2]).buffer) }]]),
      metadata: { note: 'hi' },
    };
    writeSafetensors(path, file);
    expect(readSafetensors(path)).toEqual(file);
    rmSync(dir, { recursive: true });
  });
});

describe('safetensors decoding a buffer built by hand', () => {
  it('reads the header length, the tensors at their offsets relative to the data, and the metadata', () => {
    const header = '{"__metadata__":{"k":"v"},"b":{"dtype":"I32","shape":[2],"data_offsets":[4,12]},"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}';
    const data = [1, 2, 3, 4, 7, 0, 0, 0, 0xff, 0xff, 0xff, 0xff];
    const file = decodeSafetensors(handBuilt(`${header}   `, data), 'h');
    expect(file.metadata).toEqual({ k: 'v' });
    expect([...file.tensors.get('a')!.bytes]).toEqual([1, 2, 3, 4]);
    expect(new Int32Array(file.tensors.get('b')!.bytes.slice().buffer)).toEqual(new Int32Array([7, -1]));
    expect(file.tensors.get('b')!.shape).toEqual([2]);
  });

  it('accepts a header with no tensors and no metadata', () => {
    expect(decodeSafetensors(handBuilt('{}', []), 'h')).toEqual({ tensors: new Map(), metadata: {} });
  });
});

describe('safetensors rejects bad files with a message naming the file and the tensor', () => {
  const ok = '{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
  const eight = [0, 0, 128, 63, 0, 0, 0, 64];
  const cases: [string, Uint8Array, RegExp][] = [
    ['fewer than 8 bytes', new Uint8Array(5), /^model\.safetensors: truncated: 5 bytes/],
    ['a header longer than the file', handBuilt(ok, eight, 4000), /truncated: the header should be 4000 bytes/],
    ['a huge header length', handBuilt(ok, eight, 2 ** 40), /over the 100000000-byte limit/],
    ['no opening brace', handBuilt(` ${ok}`, eight), /must start with '\{'/],
    ['invalid JSON', handBuilt('{"t":', []), /not valid JSON/],
    ['a non-string metadata value', handBuilt('{"__metadata__":{"a":1}}', []), /"__metadata__" key "a" is not a string/],
    ['an unknown dtype', handBuilt(ok.replace('F32', 'F31'), eight), /tensor "t": unknown dtype "F31"/],
    ['a negative dim', handBuilt(ok.replace('[2]', '[-2]'), eight), /tensor "t": shape \[-2\]/],
    ['a length that disagrees with the shape', handBuilt(ok.replace('[2]', '[3]'), eight), /tensor "t": data_offsets \[0, 8\] hold 8 bytes but F32 \[3\] needs 12/],
    ['offsets past the data (a truncated file)', handBuilt(ok, eight.slice(0, 6)), /tensor "t": data_offsets \[0, 8\] run past the 6 bytes/],
    ['reversed offsets', handBuilt(ok.replace('[0,8]', '[8,0]'), eight), /tensor "t": data_offsets \[8, 0\] end before they begin/],
    [
      'overlapping tensors',
      handBuilt('{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}', [1, 2, 3, 4, 5, 6]),
      /tensors "a" and "b" overlap/,
    ],
    ['a hole before a tensor', handBuilt('{"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}', [1, 2, 3, 4]), /bytes 0\.\.2 of the data belong to no tensor \(before "a"\)/],
    ['bytes after the last tensor', handBuilt(ok, [...eight, 9, 9]), /the last 2 bytes of the data belong to no tensor/],
    ['an extra field', handBuilt(ok.replace('"dtype"', '"x":1,"dtype"'), eight), /tensor "t": unknown field "x"/],
  ];
  it.each(cases)('%s', (_, bytes, pattern) => {
    const message = decodeError(bytes);
    expect(message).toMatch(/^model\.safetensors: /);
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('every strict prefix of a valid file is rejected, never misread', () => {
    const bytes = encodeSafetensors({
      tensors: new Map([['a', { dtype: 'F64', shape: [2], bytes: new Uint8Array(16).fill(1) }]]),
      metadata: { m: 'x' },
    });
    for (let length = 0; length < bytes.length; length++) {
      expect(decodeError(bytes.subarray(0, length))).toMatch(/^model\.safetensors: /);
    }
  });

  it('a missing file is a UserError naming the path', () => {
    expect(() => readSafetensors('/nonexistent/einprop.safetensors')).toThrow(/cannot read \/nonexistent\/einprop\.safetensors: no such file/);
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('safetensors files on disk', () => {
  it('a file whose bytes were cut short on disk fails with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'einprop-st-'));
    dirs.push(dir);
    const path = join(dir, 'cut.safetensors');
    writeSafetensors(path, { tensors: new Map([['w', { dtype: 'F32', shape: [4], bytes: new Uint8Array(16) }]]), metadata: {} });
    writeFileSync(path, readFileSync(path).subarray(0, -3));
    expect(() => readSafetensors(path)).toThrow(`${path}: tensor "w": data_offsets [0, 16] run past the 13 bytes of data`);
  });

  it('a header length past the end of the file is refused from the first 8 bytes, and a FIFO or a folder before any byte is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'einprop-st-'));
    dirs.push(dir);
    const long = join(dir, 'long.safetensors');
    writeFileSync(long, handBuilt('{}', [], 5000));
    expect(() => readSafetensors(long)).toThrow(`${long}: truncated: the header should be 5000 bytes but only 2 follow the length`);
    const fifo = join(dir, 'pipe.safetensors');
    execFileSync('mkfifo', [fifo]);
    // No writer ever opens the FIFO: reading it would wait for ever.
    expect(() => readSafetensors(fifo)).toThrow(`cannot read ${fifo}: it is a FIFO, not a regular file`);
    expect(() => readSafetensors(dir)).toThrow(`cannot read ${dir}: it is a folder, not a regular file`);
  });
});
