// Writing all of a buffer to a file descriptor: one write may take fewer bytes than asked.

import { writeSync } from 'node:fs';

/** Writes every byte of `bytes` to `fd`, calling write again while it takes fewer than asked (a signal, a nearly full disk). */
export function writeFully(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}
