// A file's bytes front to back in chunks, inflated as they come when it is gzip; synchronous, never the whole file at once.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { Gunzip } from 'fflate';
import { UserError } from '../errors.js';
import { fsErrorMessage } from '../io/fs-error.js';
import { type RegularFile, closeRegularFile, readAt } from '../io/regular-file.js';

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
  const file = openFile(source.path);
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

/** Opens the table file at `path`; one that cannot be read, or is not a regular file, is a UserError naming it. */
function openFile(path: string): FileStream {
  let fd: number;
  try {
    // Non-blocking, so that a FIFO opens without waiting for a writer and is refused below.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UserError(`${path}: cannot read the file (${fsErrorMessage(error)})`);
  }
  const stats = fstatSync(fd);
  // A pipe or a device could not be read twice (once to count the rows, once to parse them), and /dev/zero never ends.
  if (!stats.isFile()) {
    closeSync(fd);
    throw new UserError(`${path}: not a regular file (a folder, pipe or device); give a table file`);
  }
  return new FileStream({ path, fd, size: stats.size });
}

/** An open regular file from its first byte to the size it had when opened, read with `readSync`. */
class FileStream implements ByteStream {
  private at = 0;

  constructor(private readonly file: RegularFile) {}

  read(target: Uint8Array, offset: number): number {
    const wanted = Math.min(target.length - offset, this.file.size - this.at);
    if (wanted <= 0) return 0;
    let count: number;
    try {
      count = readSync(this.file.fd, target, offset, wanted, this.at);
    } catch (error) {
      throw new UserError(`${this.file.path}: cannot read the file (${fsErrorMessage(error)})`);
    }
    this.at += count;
    return count;
  }

  /** The `length` bytes at `position`, wherever the reader is. */
  bytesAt(position: number, length: number): Uint8Array {
    return readAt(this.file, position, length);
  }

  close(): void {
    closeRegularFile(this.file);
  }
}

/**
 * A gzip file inflated as it is read, member after member, GZIP_READ_BYTES compressed bytes at a time; each
 * member's inflated bytes are checked against the CRC-32 and size in its trailer.
 */
class GzipStream implements ByteStream {
  private readonly gunzip: Gunzip;
  private readonly input = new Uint8Array(GZIP_READ_BYTES);
  /** Inflated chunks not yet handed out, and how far into the first one the reader is. */
  private readonly pending: Uint8Array[] = [];
  private pendingAt = 0;
  private ended = false;
  /** Compressed bytes read so far. */
  private compressed = 0;
  /** The CRC-32 and size (modulo 2^32) of the running member's inflated bytes so far. */
  private crc = 0;
  private size = 0;

  constructor(
    private readonly file: FileStream,
    private readonly path: string,
  ) {
    this.gunzip = new Gunzip((chunk) => {
      if (chunk.length === 0) return;
      this.pending.push(chunk);
      this.crc = crc32(chunk, this.crc);
      this.size = (this.size + chunk.length) % 2 ** 32;
    });
    // Called when the next member's header is read: every byte of the member before it has been handed to `ondata`.
    this.gunzip.onmember = (offset) => this.checkMember(offset);
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
    this.compressed += count;
    this.ended = count === 0;
    try {
      // A copy: fflate may keep the chunk it is given until the next push, and `input` is reused.
      this.gunzip.push(this.input.slice(0, count), this.ended);
      if (this.ended && this.compressed > 0) this.checkMember(this.compressed);
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`${this.path}: not a valid gzip file (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** Checks the member whose compressed bytes end at `end` against its trailer (its last 8 bytes), then starts the next one's sums. */
  private checkMember(end: number): void {
    if (end < 8) throw new Error('incorrect data check');
    const trailer = this.file.bytesAt(end - 8, 8);
    const view = new DataView(trailer.buffer, trailer.byteOffset, trailer.byteLength);
    if (view.getUint32(0, true) !== this.crc) throw new Error('incorrect data check');
    if (view.getUint32(4, true) !== this.size) throw new Error('incorrect length check');
    this.crc = 0;
    this.size = 0;
  }
}
