// A lock on a file a run writes: a lock file beside it, created exclusively, holding the PID of the process that holds it.

import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { fsErrorMessage, isSystemError } from './fs-error.js';
import { isProcessAlive } from './process-alive.js';
import { lockName } from './sidecar-name.js';

/**
 * How long a lock file without a PID in it is taken for one being written (its holder between
 * creating it and writing its PID) before it counts as left by a crash.
 */
const UNWRITTEN_LOCK_MS = 10_000;

/** Tries at taking over a dead holder's lock before giving up to a run that keeps taking it first. */
const TAKEOVER_ATTEMPTS = 3;

/** A lock this process holds until `release()` (or its exit). */
export interface FileLock {
  /** The lock file. */
  readonly path: string;
  /** Removes the lock file if it is still this process's; a second call does nothing. */
  release(): void;
}

/**
 * Locks `target` (a path as `writeTarget` resolves it) for this process: creates `.NAME.lock` beside it
 * exclusively, holding this process's PID and `note` (a run id). A lock whose holder is dead (a crash,
 * a kill) is taken over; a live holder's is a usage error (exit 2) naming `label`, `shown` (the path as
 * the user gave it) and the holder's PID. The lock is removed by `release()`, or when this process exits.
 */
export function lockFile(target: string, label: string, shown: string, note: string): FileLock {
  const path = join(dirname(target), lockName(basename(target)));
  for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt++) {
    const fd = createExclusively(path, label, shown);
    if (fd !== undefined) {
      try {
        writeSync(fd, `${process.pid}\n${note}\n`);
      } finally {
        closeSync(fd);
      }
      return held(path);
    }
    const holder = holderOf(path);
    if (holder.alive) {
      throw new UserError(`${label} ${shown} is being written by another einprop run (PID ${holder.pid ?? 'unknown'}, lock file ${path}); wait for it to end, or give another file`, 2);
    }
    // Its holder is dead: a crash or a kill left it. Remove it and try again (another run may win the race to it).
    rmSync(path, { force: true });
  }
  throw new UserError(`${label} ${shown}: its lock file ${path} keeps coming back; another einprop run is starting on it`, 2);
}

/** Creates the lock file; undefined if it exists already. Any other failure is a usage error naming the file. */
function createExclusively(path: string, label: string, shown: string): number | undefined {
  try {
    return openSync(path, 'wx', 0o644);
  } catch (error) {
    if (isSystemError(error) && error.code === 'EEXIST') return undefined;
    throw new UserError(`${label} ${shown}: cannot create its lock file ${path}: ${fsErrorMessage(error)}`, 2);
  }
}

/** The PID written in the lock file at `path`, and whether that process is alive (a lock without a PID counts as alive while young). */
function holderOf(path: string): { pid: number | undefined; alive: boolean } {
  let text: string;
  let ageMs: number;
  try {
    text = readFileSync(path, 'utf8');
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch {
    // Gone between the attempt to create it and now: its holder released it.
    return { pid: undefined, alive: false };
  }
  const first = text.split('\n')[0];
  const pid = /^\d{1,10}$/.test(first) ? Number(first) : undefined;
  if (pid === undefined) return { pid, alive: ageMs < UNWRITTEN_LOCK_MS };
  return { pid, alive: isProcessAlive(pid) };
}

/** The lock at `path`, now held by this process. */
function held(path: string): FileLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    if (holderOf(path).pid === process.pid) rmSync(path, { force: true });
  };
  // process.exit() (a second Ctrl-C, say) skips the callers' cleanup, but not 'exit' listeners.
  process.on('exit', release);
  return { path, release };
}
