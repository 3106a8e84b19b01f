import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { atomicWrite } from '../../src/io/atomic-write.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';

const root = mkdtempSync(join(tmpdir(), 'einprop-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

/** A fresh folder holding `model.safetensors` with `old` content. */
function folderWith(old: string): { dir: string; target: string } {
  const dir = join(root, String(counter++));
  mkdirSync(dir);
  const target = join(dir, 'model.safetensors');
  writeFileSync(target, old);
  return { dir, target };
}

function* failingAfter(chunks: string[], failAt: number): Generator<string> {
  for (let i = 0; i < chunks.length; i++) {
    if (i === failAt) throw new Error('disk on fire');
    yield chunks[i];
  }
}

describe('atomicWrite', () => {
  it('the target holds the old content or all of the new, never a part, and no temporary file is left', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 5 }), fc.nat(6), (old, chunks, failAt) => {
        const { dir, target } = folderWith(old);
        const fails = failAt < chunks.length;
        if (fails) expect(() => atomicWrite(target, failingAfter(chunks, failAt))).toThrow('disk on fire');
        else atomicWrite(target, failingAfter(chunks, failAt));
        expect(readFileSync(target, 'utf8')).toBe(fails ? old : chunks.join(''));
        expect(readdirSync(dir)).toEqual(['model.safetensors']);
      }),
      fcOptions(40),
    );
  });

  it('writes bytes and text alike, and creates a file that did not exist', () => {
    const { dir } = folderWith('');
    atomicWrite(join(dir, 'a.bin'), new Uint8Array([1, 2, 3]));
    atomicWrite(join(dir, 'b.txt'), 'héllo');
    expect([...readFileSync(join(dir, 'a.bin'))]).toEqual([1, 2, 3]);
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('héllo');
  });

  it('a missing folder is a UserError naming the target', () => {
    const target = join(root, 'no-such-folder', 'x.json');
    expect(() => atomicWrite(target, 'x')).toThrow(UserError);
    expect(() => atomicWrite(target, 'x')).toThrow(`cannot write ${target}: no such file or folder`);
  });

  it('a folder in the way of the target is a UserError, and the folder survives', () => {
    const { dir } = folderWith('');
    expect(() => atomicWrite(dir, 'x')).toThrow(`cannot write ${dir}:`);
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
