// The errors einprop reports as one line, kept apart from bugs: what the user gave, and what went wrong in a run.

/**
 * An error the command line prints as its message alone (exit code 1, 2 for usage, 130 for Ctrl-C), with no
 * stack trace unless --debug; anything else is a bug, printed with its name and a hint.
 */
export class ReportedError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 130 = 1,
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

/** A run stopped by Ctrl-C at a step boundary (after its checkpoint, if asked for): exit code 130, as for SIGINT. */
export class Interrupted extends ReportedError {
  constructor(message: string) {
    super(message, 130);
    this.name = 'Interrupted';
  }
}
