// A file's bytes front to back in chunks, inflated as they come when it is gzip; synchronous, never the whole file at once.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { Gunzip } from 'fflate';
import { UserError } from '../errors.js';
import { fsErrorMessage } from '../io/fs-error.js';

/** Compressed bytes read per gzip step. */
const GZIP_READ_BYTES = 1 << 20;

/** Where a table's bytes come from: a file (gzip when `gzip`), or bytes already in memory. */
export type ByteSource = { readonly path: string; readonly gzip: boolean } | { readonly bytes: Uint8Array; readonly name: string };

/** A stream of a source's bytes. */
export interface ByteStream {
  /** Copies the next bytes into `target` from `offset` on; returns how many (0 at the end). */
  read(target: Uint8Array, offset: number): number;
  close(): void;
}

/** The source's name for messages. */
export function sourceName(source: ByteSource): string {
  return 'path' in source ? source.path : source.name;
}

/** Opens the source from its first byte. A file that cannot be read, or is not a regular file, is a UserError naming it. */
export function openBytes(source: ByteSource): ByteStream {
  if (!('path' in source)) return new MemoryStream(source.bytes);
  const file = new FileStream(source.path);
  return source.gzip ? new GzipStream(file, source.path) : file;
}

/** Bytes in memory. */
class MemoryStream implements ByteStream {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  read(target: Uint8Array, offset: number): number {
    const count = Math.min(target.length - offset, this.bytes.length - this.at);
    target.set(this.bytes.subarray(this.at, this.at + count), offset);
    this.at += count;
    return count;
  }

  close(): void {}
}

/** A regular file, read with `readSync`. */
class FileStream implements ByteStream {
  private readonly fd: number;

  constructor(private readonly path: string) {
    try {
      // Non-blocking, so that a FIFO opens without waiting for a writer and is refused below.
      this.fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
      throw new UserError(`${path}: cannot read the file (${fsErrorMessage(error)})`);
    }
    // A pipe or a device could not be read twice (once to count the rows, once to parse them), and /dev/zero never ends.
    if (!fstatSync(this.fd).isFile()) {
      closeSync(this.fd);
      throw new UserError(`${path}: not a regular file (a folder, pipe or device); give a table file`);
    }
  }

  read(target: Uint8Array, offset: number): number {
    try {
      return readSync(this.fd, target, offset, target.length - offset, null);
    } catch (error) {
      throw new UserError(`${this.path}: cannot read the file (${fsErrorMessage(error)})`);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** A gzip file inflated as it is read, member after member. */
class GzipStream implements ByteStream {
  private readonly gunzip: Gunzip;
  private readonly input = new Uint8Array(GZIP_READ_BYTES);
  /** Inflated chunks not yet handed out, and how far into the first one the reader is. */
  private readonly pending: Uint8Array[] = [];
  private pendingAt = 0;
  private ended = false;

  constructor(
    private readonly file: FileStream,
    private readonly path: string,
  ) {
    this.gunzip = new Gunzip((chunk) => {
      if (chunk.length > 0) this.pending.push(chunk);
    });
  }

  read(target: Uint8Array, offset: number): number {
    while (this.pending.length === 0 && !this.ended) this.inflateMore();
    let written = 0;
    while (this.pending.length > 0 && offset + written < target.length) {
      const chunk = this.pending[0];
      const count = Math.min(chunk.length - this.pendingAt, target.length - offset - written);
      target.set(chunk.subarray(this.pendingAt, this.pendingAt + count), offset + written);
      written += count;
      this.pendingAt += count;
      if (this.pendingAt === chunk.length) {
        this.pending.shift();
        this.pendingAt = 0;
      }
    }
    return written;
  }

  close(): void {
    this.file.close();
  }

  private inflateMore(): void {
    const count = this.file.read(this.input, 0);
    this.ended = count === 0;
    try {
      // A copy: fflate may keep the chunk it is given until the next push, and `input` is reused.
      this.gunzip.push(this.input.slice(0, count), this.ended);
    } catch (error) {
      throw new UserError(`${this.path}: not a valid gzip file (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}
