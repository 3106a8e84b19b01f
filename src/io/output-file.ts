// The check every file einprop writes passes before any work starts: a place a regular file can be written, found by trying.

import { randomBytes } from 'node:crypto';
import { type Stats, accessSync, closeSync, constants, lstatSync, openSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { fsErrorMessage, isSystemError } from './fs-error.js';
import { kindOf } from './regular-file.js';
import { NAME_MAX_BYTES, temporaryName } from './sidecar-name.js';
import { writeTarget } from './write-target.js';

/** How a file is written: replaced whole (atomicWrite), or appended to (a log). */
export type OutputMode = 'replace' | 'append';

/**
 * Checks that `path` can take a file written the way `mode` says, and returns the path the writes
 * land on (a symbolic link's target). Refused, as a usage error (exit 2) that starts with `label`
 * (`--save`): a path that is a folder, a FIFO, a device or a socket; a path through a regular file; a
 * missing folder; a name over 255 bytes; a folder where the temporary file cannot be created (checked
 * by creating and removing it: permissions, a read-only or full file system); a file to append to
 * that cannot be written. Nothing is left behind.
 */
export function checkOutputFile(path: string, label: string, mode: OutputMode = 'replace'): string {
  const fail = (what: string): never => {
    throw new UserError(`${label} ${what}`, 2);
  };
  let target: string;
  try {
    target = writeTarget(path);
  } catch (error) {
    return fail(`${path}: ${fsErrorMessage(error)}`);
  }
  // How messages name the file: through a link, both the link and where it leads.
  const subject = target === path ? path : `${path} links to ${target}, which`;
  const name = basename(target);
  if (Buffer.byteLength(name) > NAME_MAX_BYTES) fail(`${path}: the file name is ${Buffer.byteLength(name)} bytes long, more than the ${NAME_MAX_BYTES} a name may have`);
  const existing = entry(target, (what) => fail(`${path}: ${what}`));
  if (existing !== undefined) {
    if (existing.isDirectory()) fail(`${subject} is a folder; give a file name`);
    if (!existing.isFile()) fail(`${subject} is ${kindOf(existing)}, not a regular file; einprop writes only regular files`);
  }
  const folder = dirname(target);
  const place = entry(folder, (what) => fail(`${path}: ${what}`));
  if (place === undefined) fail(`${path}: the folder ${target === path ? dirname(path) : folder} does not exist`);
  if (existing !== undefined && mode === 'append') {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      fail(`${subject} cannot be written: ${fsErrorMessage(error)}`);
    }
    return target;
  }
  const probe = join(folder, temporaryName(name, process.pid, randomBytes(6).toString('hex')));
  try {
    closeSync(openSync(probe, 'wx', 0o600));
  } catch (error) {
    fail(`${path}: cannot create a file in ${folder}: ${fsErrorMessage(error)}`);
  }
  rmSync(probe, { force: true });
  return target;
}

/**
 * The entry at `path` (its last link not followed), undefined if there is none, or `fail` with the
 * reason: a part of the path that is a regular file rather than a folder is named.
 */
function entry(path: string, fail: (what: string) => never): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (!isSystemError(error)) throw error;
    if (error.code === 'ENOENT') return undefined;
    if (error.code === 'ENOTDIR') return fail(`${notAFolderOn(path)} is not a folder`);
    return fail(fsErrorMessage(error));
  }
}

/** The first folder on the way to `path` that is something else (a regular file, say). */
function notAFolderOn(path: string): string {
  const parts: string[] = [];
  for (let at = dirname(path); at !== dirname(at); at = dirname(at)) parts.unshift(at);
  for (const part of parts) {
    try {
      if (!statSync(part).isDirectory()) return part;
    } catch {
      return part;
    }
  }
  return dirname(path);
}
