// Shared fast-check options: every property prints its seed on failure and replays from FC_SEED.

/** The options of `fc.assert`: `numRuns`, the seed from the FC_SEED environment variable if set, and verbose failures. */
export function fcOptions(numRuns: number): { numRuns: number; seed: number | undefined; verbose: boolean } {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
  return { numRuns, seed, verbose: true };
}
