// Reading files whose size is known before a byte is read: regular files only, so a device, a FIFO or a folder is refused at once.

import { type Stats, closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../errors.js';
import { fsErrorMessage } from './fs-error.js';

/** A file that cannot be read, with the reason alone (`no such file or folder`) for callers that word the message themselves. */
export class UnreadableFile extends UserError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot read ${path}: ${reason}`);
    this.name = 'UnreadableFile';
  }
}

/** An open regular file: its descriptor and its size when it was opened. */
export interface RegularFile {
  readonly path: string;
  readonly fd: number;
  readonly size: number;
}

/**
 * Opens `path` for reading if it is a regular file (a link is followed); anything else is an
 * UnreadableFile naming what it is. Opening never blocks: a FIFO is opened without waiting for a writer, then refused.
 */
export function openRegularFile(path: string): RegularFile {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UnreadableFile(path, fsErrorMessage(error));
  }
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    closeSync(fd);
    throw new UnreadableFile(path, `it is ${kindOf(stats)}, not a regular file`);
  }
  return { path, fd, size: stats.size };
}

/** Reads `length` bytes at `position` of `file`; an UnreadableFile if the file ends sooner (it shrank). */
export function readAt(file: RegularFile, position: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    let read: number;
    try {
      read = readSync(file.fd, bytes, done, length - done, position + done);
    } catch (error) {
      throw new UnreadableFile(file.path, fsErrorMessage(error));
    }
    if (read === 0) throw new UnreadableFile(file.path, `it ended after ${position + done} bytes while being read`);
    done += read;
  }
  return bytes;
}

/** Closes `file`. */
export function closeRegularFile(file: RegularFile): void {
  closeSync(file.fd);
}

/** The whole of the regular file at `path`, read by its size: nothing past the size it had when opened. */
export function readRegularFile(path: string): Buffer {
  const file = openRegularFile(path);
  try {
    return readAt(file, 0, file.size);
  } finally {
    closeRegularFile(file);
  }
}

/** What a file system entry is, in words ("a folder", "a FIFO", "a character device"). */
export function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a file';
}
