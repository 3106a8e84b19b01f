import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAME_MAX_BYTES, lockName, temporaryName, temporaryNamePid } from '../../src/io/sidecar-name.js';
import { fcOptions } from '../support/fc.js';

const names = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }).filter((name) => !name.includes('/') && !name.includes('\0'));

describe('sidecar names', () => {
  it('fit 255 bytes whatever the name, with the largest PID; a short name is kept whole', () => {
    fc.assert(
      fc.property(names, (base) => {
        const temp = temporaryName(base, 4_294_967_295, '0123456789ab');
        expect(Buffer.byteLength(temp)).toBeLessThanOrEqual(NAME_MAX_BYTES);
        expect(Buffer.byteLength(lockName(base))).toBeLessThanOrEqual(NAME_MAX_BYTES);
        if (Buffer.byteLength(base) <= 200) expect(temp).toBe(`.${base}.4294967295.0123456789ab.tmp`);
      }),
      fcOptions(200),
    );
  });

  it("a temporary name gives back its PID for its own file, and none for another file's, however long the names", () => {
    fc.assert(
      fc.property(names, names, fc.integer({ min: 1, max: 4_194_304 }), (base, other, pid) => {
        const temp = temporaryName(base, pid, 'abc123');
        expect(temporaryNamePid(base, temp)).toBe(pid);
        if (other !== base) expect(temporaryNamePid(other, temp)).toBeUndefined();
        expect(temporaryNamePid(base, lockName(base))).toBeUndefined();
      }),
      fcOptions(200),
    );
  });
});
