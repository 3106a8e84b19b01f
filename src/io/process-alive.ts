// Whether a process still runs, from its PID alone: how a lock or a temporary file left by a crash is told from one in use.

/** Whether a process with this PID exists (one owned by another user counts: signalling it is refused, not failed). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    // Signal 0 checks that the process exists and sends nothing.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}
