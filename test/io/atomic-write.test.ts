import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { atomicWrite } from '../../src/io/atomic-write.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';

/** One file-system call atomicWrite made, while `trace.calls` is an array: which, on what path or descriptor. */
type FsCall = { op: 'open'; path: string; fd: number } | { op: 'fsync' | 'close'; fd: number } | { op: 'rename'; from: string; to: string };

const trace = vi.hoisted((): { calls: FsCall[] | null } => ({ calls: null }));

// node:fs as it is, with open, fsync, close and rename recorded in order while a test traces them.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    openSync: (...args: Parameters<typeof fs.openSync>): number => {
      const fd = fs.openSync(...args);
      trace.calls?.push({ op: 'open', path: String(args[0]), fd });
      return fd;
    },
    fsyncSync: (fd: number): void => {
      trace.calls?.push({ op: 'fsync', fd });
      fs.fsyncSync(fd);
    },
    closeSync: (fd: number): void => {
      trace.calls?.push({ op: 'close', fd });
      fs.closeSync(fd);
    },
    renameSync: (from: string, to: string): void => {
      trace.calls?.push({ op: 'rename', from, to });
      fs.renameSync(from, to);
    },
  };
});

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

  it('durability: the temporary file is flushed before it is renamed over the target, and the folder is flushed after the rename', () => {
    const { dir, target } = folderWith('old');
    const calls: FsCall[] = [];
    trace.calls = calls;
    try {
      atomicWrite(target, 'new');
    } finally {
      trace.calls = null;
    }
    expect(readFileSync(target, 'utf8')).toBe('new');
    const rename = calls.findIndex((c) => c.op === 'rename' && c.to === target);
    expect(rename).toBeGreaterThanOrEqual(0);
    const renamed = calls[rename];
    if (renamed.op !== 'rename') throw new Error('unreachable');
    // The file renamed is the one written, beside the target, and its data reached the disk first.
    const opened = calls.find((c) => c.op === 'open' && c.path === renamed.from);
    if (opened === undefined || opened.op !== 'open') throw new Error(`the renamed file ${renamed.from} was never opened`);
    expect(dirname(renamed.from)).toBe(dir);
    // (Descriptor numbers are reused once closed: each search starts past the open it belongs to.)
    const openedAt = calls.indexOf(opened);
    const closedAt = calls.findIndex((c, i) => i > openedAt && c.op === 'close' && c.fd === opened.fd);
    const synced = calls.findIndex((c, i) => i > openedAt && i < closedAt && c.op === 'fsync' && c.fd === opened.fd);
    expect(synced).toBeGreaterThan(openedAt);
    expect(synced).toBeLessThan(rename);
    // The folder entry the rename changed is flushed after it.
    const folder = calls.findIndex((c, i) => i > rename && c.op === 'open' && c.path === dir);
    expect(folder).toBeGreaterThan(rename);
    const folderFd = calls[folder];
    if (folderFd.op !== 'open') throw new Error('unreachable');
    expect(calls.some((c, i) => i > folder && c.op === 'fsync' && c.fd === folderFd.fd)).toBe(true);
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

describe('atomicWrite on what is not a plain file', () => {
  it('writes through a symbolic link: the link stays a link, its target gets the content and keeps its mode', () => {
    const { dir, target } = folderWith('old');
    chmodSync(target, 0o640);
    const link = join(dir, 'link.safetensors');
    symlinkSync('model.safetensors', link);
    atomicWrite(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('model.safetensors');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o777).toBe(0o640);
    // A link to nothing yet is written through as well: the file it names is created.
    symlinkSync('later.bin', join(dir, 'dangling'));
    atomicWrite(join(dir, 'dangling'), 'x');
    expect(readFileSync(join(dir, 'later.bin'), 'utf8')).toBe('x');
    expect(lstatSync(join(dir, 'dangling')).isSymbolicLink()).toBe(true);
  });

  it('refuses a FIFO without waiting on it, and leaves it a FIFO', () => {
    const { dir } = folderWith('');
    const fifo = join(dir, 'f.st');
    execFileSync('mkfifo', [fifo]);
    expect(() => atomicWrite(fifo, 'x')).toThrow(new UserError(`cannot write ${fifo}: it is a FIFO, not a regular file`));
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('removes the temporary files of the same target that dead processes left, and keeps a live one’s and other files’', () => {
    const { dir, target } = folderWith('old');
    // Above the largest PID any Linux allows (2^22): no process has it.
    const dead = 4_194_305;
    const names = [`.model.safetensors.${dead}.0a1b2c3d4e5f.tmp`, `.model.safetensors.1.0a1b2c3d4e5f.tmp`, `.other.safetensors.${dead}.0a1b2c3d4e5f.tmp`];
    for (const name of names) writeFileSync(join(dir, name), 'partial');
    atomicWrite(target, 'new');
    expect(readdirSync(dir).sort()).toEqual([names[1], names[2], 'model.safetensors'].sort());
  });

  it('a name of 255 bytes is written: its temporary name is shortened to fit', () => {
    const { dir } = folderWith('');
    const long = join(dir, `${'b'.repeat(250)}.bin`);
    atomicWrite(long, 'x');
    expect(readFileSync(long, 'utf8')).toBe('x');
  });
});
