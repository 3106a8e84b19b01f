// Replacing a file all at once: write a temporary file beside it, flush it, rename it over the target, flush the folder.

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { fsErrorMessage, isSystemError } from './fs-error.js';

/** What `atomicWrite` writes: bytes, UTF-8 text, or chunks produced one at a time (a generator may throw midway). */
export type AtomicContent = string | Uint8Array | Iterable<Uint8Array | string>;

/**
 * Writes `content` to `path` so that `path` only ever holds its old content or all of the new.
 * The temporary file lives in the target's folder (a rename is atomic only within one file system)
 * and is removed if anything fails before the rename; a crash can leave it behind, never a torn target.
 * File-system failures become a UserError naming `path`; an error thrown by the content itself is rethrown as is.
 */
export function atomicWrite(path: string, content: AtomicContent): void {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', 0o666);
  } catch (error) {
    throw asUserError(error, path);
  }
  try {
    for (const chunk of chunksOf(content)) writeFully(fd, chunk);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw asUserError(error, path);
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw asUserError(error, path);
  }
  syncFolder(folder);
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

/** `writeSync` may write fewer bytes than asked (a full disk, a signal): keep writing until all are down. */
function writeFully(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
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

function asUserError(error: unknown, path: string): unknown {
  return isSystemError(error) ? new UserError(`cannot write ${path}: ${fsErrorMessage(error)}`) : error;
}
