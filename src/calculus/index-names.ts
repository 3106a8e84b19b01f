// A supply of fresh index names: one-letter names not yet used in the derivation at hand.

const preference = 'klmpqrstuvwxyzabcdefghijonKLMPQRSTUVWXYZABCDEFGHIJNO';

/** Hands out index names that no expression of the derivation uses yet. */
export class IndexNames {
  private readonly used: Set<string>;

  /** A supply that avoids every name in `used`. */
  constructor(used: Iterable<string>) {
    this.used = new Set(used);
  }

  /** A fresh name: `preferred` when it is still unused, else the first unused letter in the order k, l, m, … */
  fresh(preferred?: string): string {
    if (preferred !== undefined && !this.used.has(preferred)) return this.take(preferred);
    for (const name of preference) {
      if (!this.used.has(name)) return this.take(name);
    }
    throw new Error('index names exhausted: a derivation may use at most 52 distinct one-letter indices');
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
