// The errors a user can cause, kept apart from bugs so the CLI prints them as one line.

/**
 * An error in what the user gave (a file, a flag, a shape): printed as its message alone,
 * exit code 1 (or 2 for usage), no stack trace unless --debug.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
