// A supply of fresh index names: one-letter names not yet used in the derivation at hand.

import { UserError } from '../errors.js';

const preference = 'klmpqrstuvwxyzabcdefghijonKLMPQRSTUVWXYZABCDEFGHIJNO';

/**
 * Hands out index names that no expression of the derivation uses yet (`fresh`), and names for an
 * index summed inside one term (`local`), which other terms may sum over too.
 */
export class IndexNames {
  private readonly used: Set<string>;
  /** Names handed out by `local`: `fresh` avoids them; `local` hands them out again where a term lacks them. */
  private readonly summed = new Set<string>();

  /** A supply that avoids every name in `used`. */
  constructor(used: Iterable<string>) {
    this.used = new Set(used);
  }

  /** A fresh name: `preferred` when it is still unused, else the first unused letter in the order k, l, m, … */
  fresh(preferred?: string): string {
    if (preferred !== undefined && !this.used.has(preferred) && !this.summed.has(preferred)) return this.take(preferred);
    for (const name of preference) {
      if (!this.used.has(name) && !this.summed.has(name)) return this.take(name);
    }
    throw exhausted();
  }

  /**
   * A name for an index summed inside one term, not in `avoid` (the names that term and the
   * product it joins carry). Its sums are its own, so a name another term sums over will do; a
   * name `fresh` handed out, or the expression's own, will not. Without this reuse, expanding a
   * product of sums took a new letter for every clash in every term, and ran out of letters.
   */
  local(avoid: ReadonlySet<string>): string {
    for (const name of preference) {
      if (!this.used.has(name) && !avoid.has(name)) {
        this.summed.add(name);
        return name;
      }
    }
    throw exhausted();
  }

  /** Marks names as used, so that they are never handed out. */
  reserve(names: Iterable<string>): void {
    for (const name of names) this.used.add(name);
  }

  private take(name: string): string {
    this.used.add(name);
    return name;
  }
}

/**
 * The equation's own letters and those its derivation brings (each softmax and each summed index
 * renamed apart takes one) ran out: a property of the equation typed, so a usage error (exit 2).
 */
function exhausted(): UserError {
  return new UserError('the derivation needs more than 52 one-letter index names; write the equation with fewer indices or nest fewer functions', 2);
}
