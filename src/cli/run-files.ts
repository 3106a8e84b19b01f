// The files a training run names: what it writes must not be what it reads, and must have somewhere to go.

import { type Stats, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { badFlag } from './flag-values.js';

/** A file a flag names: `--save`, and the path it was given. */
export interface NamedFile {
  readonly flag: string;
  readonly path: string;
}

/**
 * Throws a usage error (exit 2) if `output` is one of `others`: the same path, or two paths to one
 * existing file (a link, `./` and the like). Checked before anything is written, so a mistyped
 * flag loses nothing.
 */
export function checkOutput(output: NamedFile, others: readonly NamedFile[]): void {
  for (const other of others) {
    if (sameFile(output.path, other.path)) throw badFlag(output.flag, `would overwrite ${other.path}, which ${other.flag} names; give it another file`);
  }
}

/** Whether `a` and `b` name one file: the same resolved path, or the same device and inode. */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  const sa = statOf(a);
  const sb = statOf(b);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Whether two dataset specs name the same data: both 'mnist', or two paths to one file. */
export function sameDataset(a: string, b: string): boolean {
  if (a === 'mnist' || b === 'mnist') return a === b;
  return sameFile(a, b);
}

/** The file's status, or undefined where there is none to read (missing, or a path through a file). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

