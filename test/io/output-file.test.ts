import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputFile } from '../../src/io/output-file.js';
import { UserError } from '../../src/errors.js';

const root = mkdtempSync(join(tmpdir(), 'einprop-output-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

/** A fresh, empty folder. */
function folder(): string {
  const dir = join(root, String(counter++));
  mkdirSync(dir);
  return dir;
}

/** The message of the usage error (exit 2) `check` throws. */
function usageError(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('no usage error');
}

const asRoot = process.getuid?.() === 0;

describe('checkOutputFile: a place a regular file can be written, or a usage error before any work', () => {
  it('a new file in a writable folder, or an existing regular file, passes and leaves nothing behind', () => {
    const dir = folder();
    expect(checkOutputFile(join(dir, 'new.safetensors'), '--save')).toBe(join(dir, 'new.safetensors'));
    writeFileSync(join(dir, 'old.jsonl'), 'x\n');
    expect(checkOutputFile(join(dir, 'old.jsonl'), '--metrics', 'append')).toBe(join(dir, 'old.jsonl'));
    expect(readdirSync(dir)).toEqual(['old.jsonl']);
  });

  it('a FIFO, a socket or a folder is refused, and stays what it was', async () => {
    const dir = folder();
    const fifo = join(dir, 'f.st');
    execFileSync('mkfifo', [fifo]);
    expect(usageError(() => checkOutputFile(fifo, '--save'))).toBe(`--save ${fifo} is a FIFO, not a regular file; einprop writes only regular files`);
    const socket = join(dir, 's.st');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect(usageError(() => checkOutputFile(socket, '--metrics', 'append'))).toBe(`--metrics ${socket} is a socket, not a regular file; einprop writes only regular files`);
    } finally {
      server.close();
    }
    expect(usageError(() => checkOutputFile(dir, '--save'))).toBe(`--save ${dir} is a folder; give a file name`);
    expect(readdirSync(dir).sort()).toEqual(['f.st']);
  });

  it('a symbolic link is written through: its target is the path returned, also when the target does not exist yet', () => {
    const dir = folder();
    writeFileSync(join(dir, 'real.st'), 'x');
    symlinkSync('real.st', join(dir, 'link.st'));
    expect(checkOutputFile(join(dir, 'link.st'), '--save')).toBe(join(dir, 'real.st'));
    symlinkSync('later.st', join(dir, 'dangling.st'));
    expect(checkOutputFile(join(dir, 'dangling.st'), '--save')).toBe(join(dir, 'later.st'));
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    symlinkSync(fifo, join(dir, 'to-pipe.st'));
    expect(usageError(() => checkOutputFile(join(dir, 'to-pipe.st'), '--save'))).toBe(
      `--save ${join(dir, 'to-pipe.st')} links to ${fifo}, which is a FIFO, not a regular file; einprop writes only regular files`,
    );
  });

  it('a path through a regular file names that file as not a folder; a missing folder is named as missing', () => {
    const dir = folder();
    writeFileSync(join(dir, 'file.csv'), '1,0\n');
    expect(usageError(() => checkOutputFile(join(dir, 'file.csv', 'x.st'), '--save'))).toBe(`--save ${join(dir, 'file.csv', 'x.st')}: ${join(dir, 'file.csv')} is not a folder`);
    expect(usageError(() => checkOutputFile(join(dir, 'nowhere', 'x.st'), '--save'))).toBe(`--save ${join(dir, 'nowhere', 'x.st')}: the folder ${join(dir, 'nowhere')} does not exist`);
  });

  it('a name longer than 255 bytes is refused; one of 255 passes, its temporary name shortened to fit', () => {
    const dir = folder();
    const tooLong = join(dir, `${'é'.repeat(122)}.safetensors`);
    expect(usageError(() => checkOutputFile(tooLong, '--save'))).toBe(`--save ${tooLong}: the file name is 256 bytes long, more than the 255 a name may have`);
    const longest = join(dir, `${'a'.repeat(243)}.safetensors`);
    expect(checkOutputFile(longest, '--save')).toBe(longest);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.skipIf(asRoot)('a folder that cannot be written in is refused before any work (not as root, whom permissions do not stop)', () => {
    const dir = folder();
    chmodSync(dir, 0o555);
    try {
      expect(usageError(() => checkOutputFile(join(dir, 'm.st'), '--save'))).toBe(`--save ${join(dir, 'm.st')}: cannot create a file in ${dir}: permission denied`);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});
