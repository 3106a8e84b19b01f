// The error of a malformed einsum: a bad spec, or operands that do not fit it.

import { UserError } from '../errors.js';

/** A user's einsum mistake; the message quotes the spec and names the position, index or operand at fault, in one line. */
export class EinsumError extends UserError {
  constructor(
    readonly spec: string,
    problem: string,
  ) {
    super(`einsum '${spec}': ${problem}`);
    this.name = 'EinsumError';
  }
}
