// The errors einprop reports as one line, kept apart from bugs: what the user gave, and what went wrong in a run.

/**
 * An error the command line prints as its message alone (exit code 1, or 2 for usage), with no
 * stack trace unless --debug; anything else is a bug, printed with its name and a hint.
 */
export class ReportedError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
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
