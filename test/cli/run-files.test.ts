import { linkSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { checkOutput, sameFile } from '../../src/cli/run-files.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-run-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => join(dir, name);
const data = at('data.csv');
writeFileSync(data, '1,2,0\n');

describe('sameFile: two paths name one file', () => {
  it('the same file by another spelling, a hard link or a symbolic link', () => {
    linkSync(data, at('hard.csv'));
    symlinkSync(data, at('soft.csv'));
    expect(sameFile(data, relative(process.cwd(), data))).toBe(true);
    expect(sameFile(data, join(dir, '.', 'x', '..', 'data.csv'))).toBe(true);
    expect(sameFile(data, at('hard.csv'))).toBe(true);
    expect(sameFile(at('soft.csv'), data)).toBe(true);
  });

  it('different files, missing ones, and paths through a file are not the same', () => {
    writeFileSync(at('other.csv'), '1,2,0\n');
    expect(sameFile(data, at('other.csv'))).toBe(false);
    expect(sameFile(at('missing-a'), at('missing-b'))).toBe(false);
    expect(sameFile(join(data, 'inside'), data)).toBe(false);
  });
});

describe('checkOutput: an output that is an input is a usage error before anything is written', () => {
  it('names both flags and the file, exit code 2', () => {
    const check = (): void => checkOutput({ flag: '--save', path: data }, [{ flag: '--data', path: data }]);
    expect(check).toThrow(UserError);
    expect(check).toThrow(`--save would overwrite ${data}, which --data names; give it another file`);
    try {
      check();
    } catch (error) {
      expect((error as UserError).exitCode).toBe(2);
    }
  });

  it('an output beside the inputs passes', () => {
    expect(() => checkOutput({ flag: '--save', path: at('model.safetensors') }, [{ flag: '--data', path: data }])).not.toThrow();
  });
});
