// Replacing a file all at once: write a temporary file beside it, flush it, rename it over the target, flush the folder.

import { randomBytes } from 'node:crypto';
import { type Stats, closeSync, fchmodSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { fsErrorMessage, isSystemError } from './fs-error.js';
import { isProcessAlive } from './process-alive.js';
import { kindOf } from './regular-file.js';
import { temporaryName, temporaryNamePid } from './sidecar-name.js';
import { writeFully } from './write-fully.js';
import { writeTarget } from './write-target.js';

/** What `atomicWrite` writes: bytes, UTF-8 text, or chunks produced one at a time (a generator may throw midway). */
export type AtomicContent = string | Uint8Array | Iterable<Uint8Array | string>;

/**
 * Writes `content` to `path` so that `path` only ever holds its old content or all of the new.
 * The temporary file lives in the target's folder (a rename is atomic only within one file system)
 * and is removed if anything fails before the rename; a crash can leave it behind, never a torn target,
 * and the next write of the same file removes those a dead process left. A symbolic link is written
 * through (its target is replaced, the link stays), an existing file keeps its permissions, and
 * anything but a regular file (a folder, a FIFO, a device) is refused, never replaced.
 * File-system failures become a UserError naming `path`; an error thrown by the content itself is rethrown as is.
 */
export function atomicWrite(path: string, content: AtomicContent): void {
  let target: string;
  try {
    target = writeTarget(path);
  } catch (error) {
    throw asUserError(error, path);
  }
  const existing = statOf(target);
  if (existing !== undefined && !existing.isFile()) throw new UserError(`cannot write ${path}: it is ${kindOf(existing)}, not a regular file`);
  const folder = dirname(target);
  removeStaleTemporaries(folder, basename(target));
  const temp = join(folder, temporaryName(basename(target), process.pid, randomBytes(6).toString('hex')));
  let fd: number;
  try {
    fd = openSync(temp, 'wx', 0o666);
  } catch (error) {
    throw asUserError(error, path);
  }
  try {
    // The new file replaces the old one: it keeps the old one's permissions (fchmod ignores the umask).
    if (existing !== undefined) fchmodSync(fd, existing.mode & 0o7777);
    for (const chunk of chunksOf(content)) writeFully(fd, chunk);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw asUserError(error, path);
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw asUserError(error, path);
  }
  syncFolder(folder);
}

/**
 * Removes the temporary files of `base` in `folder` (`.base.PID.HEX.tmp`) whose process is dead:
 * a crash or a kill between their creation and their rename left them. A live process's are its own
 * write in progress, and this process's own cannot be in progress while it runs this.
 */
function removeStaleTemporaries(folder: string, base: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = temporaryNamePid(base, name);
    if (pid === undefined || (pid !== process.pid && isProcessAlive(pid))) continue;
    rmSync(join(folder, name), { force: true });
  }
}

function* chunksOf(content: AtomicContent): Iterable<Uint8Array> {
  if (typeof content === 'string') {
    yield Buffer.from(content, 'utf8');
  } else if (content instanceof Uint8Array) {
    yield content;
  } else {
    for (const chunk of content) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  }
}

/** Flushes the folder entry so that the rename itself survives a power loss; a no-op where folders cannot be synced. */
function syncFolder(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    // Windows and some network file systems refuse fsync on a folder; the data itself is already synced.
    if (!isSystemError(error) || !['EISDIR', 'EINVAL', 'EPERM', 'EBADF', 'ENOTSUP'].includes(error.code)) throw error;
  } finally {
    closeSync(fd);
  }
}

/** The entry at `path` (not following a last link), or undefined where there is none. */
function statOf(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function asUserError(error: unknown, path: string): unknown {
  return isSystemError(error) ? new UserError(`cannot write ${path}: ${fsErrorMessage(error)}`) : error;
}
