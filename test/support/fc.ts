// Shared fast-check options: every property prints its seed and path on failure, and replays from FC_SEED and FC_PATH.

/** The options of `fc.assert`: `numRuns`, the seed (FC_SEED) and path (FC_PATH) to replay if set, and verbose failures. */
export function fcOptions(numRuns: number): { numRuns: number; seed: number | undefined; path: string | undefined; verbose: boolean } {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
  const path = seed !== undefined && process.env.FC_PATH ? process.env.FC_PATH : undefined;
  return { numRuns, seed, path, verbose: true };
}
