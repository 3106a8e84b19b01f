// The message of the UserError a call throws, for tests of one-line errors.

import { expect } from 'vitest';
import { UserError } from '../../src/errors.js';

/** The message of the UserError that `run` throws (a test failure if it throws anything else, or nothing). */
export function userErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected a UserError');
}
