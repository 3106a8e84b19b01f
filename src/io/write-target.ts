// Where a write to a path lands: a symbolic link is written through to its target, so that the link stays a link.

import { lstatSync, readlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isSystemError } from './fs-error.js';

/** Links followed before giving up, as the kernel does (ELOOP). */
const MAX_LINKS = 40;

/**
 * The path a write to `path` replaces: `path` itself, or if it is a symbolic link, the file its chain
 * of links ends at (which need not exist yet: a dangling link is written through too). Folder links
 * along the way need no following: the file system does that. A loop of links is an Error with code ELOOP.
 */
export function writeTarget(path: string): string {
  let target = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let isLink: boolean;
    try {
      isLink = lstatSync(target).isSymbolicLink();
    } catch (error) {
      // Nothing there (or a path that cannot be looked at): this is where the write goes, and fails if it must.
      if (isSystemError(error)) return target;
      throw error;
    }
    if (!isLink) return target;
    target = resolve(dirname(target), readlinkSync(target));
  }
  throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
}
