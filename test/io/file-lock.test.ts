import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFile } from '../../src/io/file-lock.js';
import { UserError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Above the largest PID any Linux allows (2^22): no process has it. */
const DEAD_PID = 4_194_305;

describe('lockFile', () => {
  it('holds .NAME.lock with its PID and note; a second lock on the file is a usage error naming the PID; release removes it', () => {
    const target = join(dir, 'm.safetensors');
    const lock = lockFile(target, '--save', 'm.safetensors', 'run-a');
    expect(lock.path).toBe(join(dir, '.m.safetensors.lock'));
    expect(readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\nrun-a\n`);
    let refused: unknown;
    try {
      lockFile(target, '--save', 'm.safetensors', 'run-b');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).exitCode).toBe(2);
    expect((refused as Error).message).toBe(
      `--save m.safetensors is being written by another einprop run (PID ${process.pid}, lock file ${lock.path}); wait for it to end, or give another file`,
    );
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lock.release();
    lockFile(target, '--save', 'm.safetensors', 'run-c').release();
  });

  it('a lock whose holder is dead (a crash) is taken over', () => {
    const target = join(dir, 'crashed.jsonl');
    const path = join(dir, '.crashed.jsonl.lock');
    writeFileSync(path, `${DEAD_PID}\nold-run\n`);
    const lock = lockFile(target, '--metrics', 'crashed.jsonl', 'new-run');
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\nnew-run\n`);
    lock.release();
  });

  it('release leaves alone a lock file that another process holds now', () => {
    const target = join(dir, 'taken.st');
    const lock = lockFile(target, '--save', 'taken.st', 'mine');
    writeFileSync(lock.path, '1\ntheirs\n');
    lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe('1\ntheirs\n');
  });
});
