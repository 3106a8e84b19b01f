// The names of the files einprop keeps beside one it writes (temporary copies, locks), each within the 255 bytes a file name may have.

import { createHash } from 'node:crypto';

/** The most bytes in one file name on the file systems einprop writes to (ext4, XFS, APFS, NTFS, …). */
export const NAME_MAX_BYTES = 255;

/** Bytes kept for what follows the stem: `.4294967295.0123456789ab.tmp` and `.lock` fit. */
const SUFFIX_BYTES = 32;

/**
 * The stem of the sidecar names of the file named `base`: `.base`, or where that would leave no
 * room for a suffix, `base` cut to fit (whole characters only) with `~` and 8 hex digits of its
 * SHA-256, so that two long names that share a start keep apart. The same `base` always gives the same stem.
 */
function sidecarStem(base: string): string {
  const budget = NAME_MAX_BYTES - SUFFIX_BYTES;
  if (Buffer.byteLength(`.${base}`) <= budget) return `.${base}`;
  const hash = createHash('sha256').update(base).digest('hex').slice(0, 8);
  return `.${cutToBytes(base, budget - 1 - 1 - hash.length)}~${hash}`;
}

/** The temporary file `atomicWrite` writes for `base` in process `pid`: `.base.PID.HEX.tmp`. */
export function temporaryName(base: string, pid: number, hex: string): string {
  return `${sidecarStem(base)}.${pid}.${hex}.tmp`;
}

/** The PID in `name` if it is a temporary file of `base` (any process's), else undefined. */
export function temporaryNamePid(base: string, name: string): number | undefined {
  const stem = `${sidecarStem(base)}.`;
  if (!name.startsWith(stem)) return undefined;
  const match = /^(\d{1,10})\.[0-9a-f]+\.tmp$/.exec(name.slice(stem.length));
  return match === null ? undefined : Number(match[1]);
}

/** The lock file that a run writing `base` holds: `.base.lock`. */
export function lockName(base: string): string {
  return `${sidecarStem(base)}.lock`;
}

/** The longest start of `text` of at most `bytes` UTF-8 bytes that ends between characters. */
function cutToBytes(text: string, bytes: number): string {
  let used = 0;
  let end = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > bytes) break;
    used += size;
    end += ch.length;
  }
  return text.slice(0, end);
}
