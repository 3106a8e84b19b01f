// The errors einprop reports as one line, kept apart from bugs: what the user gave, and what went wrong in a run.

/** The exit codes a ReportedError ends the command line with: 1 a failure, 2 a usage error, 128 + a signal's number for a run it stopped. */
export type ExitCode = 1 | 2 | 129 | 130 | 143;

/**
 * An error the command line prints as its message alone (exit code 1, 2 for usage, 130 for Ctrl-C, 143 for
 * SIGTERM, 129 for SIGHUP), with no stack trace unless --debug; anything else is a bug, printed with its name and a hint.
 */
export class ReportedError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ReportedError';
  }
}

/** An error in what the user gave (a file, a flag, a shape). */
export class UserError extends ReportedError {
  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message, exitCode);
    this.name = 'UserError';
  }
}

/** A command stopped by a signal at a safe point (after a run's checkpoint, if asked for): exit 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP. */
export class Interrupted extends ReportedError {
  constructor(message: string, exitCode: 129 | 130 | 143 = 130) {
    super(message, exitCode);
    this.name = 'Interrupted';
  }
}
