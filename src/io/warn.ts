// A warning line on stderr, printed as the command line prints its errors.

/** Writes `einprop: warning: <line>` to stderr. */
export function warnOnStderr(line: string): void {
  process.stderr.write(`einprop: warning: ${line}\n`);
}
