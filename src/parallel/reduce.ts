// The fixed-order sum of shard gradients: the same tree whatever the number of threads, kept by each claim in a few partial sums.

/** dst[i] += src[i] for i in [begin, end): a vectorised kernel or a loop. */
export type AddInto = (dst: Float32Array, src: Float32Array, begin: number, end: number) => void;

/** One addition of the tree: region `dst` += region `src`. */
export interface TreeAdd {
  readonly dst: number;
  readonly src: number;
}

/**
 * The additions that sum `count` regions into the first, pairwise, in order:
 * g0 += g1, g2 += g3, …, then g0 += g2, g4 += g6, …, until g0 holds the sum.
 * NOTE: float addition is not associative; this order is fixed by the count alone, so the sum is
 * bit-identical however many threads computed the regions.
 */
export function treeAdds(count: number): TreeAdd[] {
  const adds: TreeAdd[] = [];
  for (let width = 1; width < count; width *= 2) {
    for (let s = 0; s + width < count; s += 2 * width) adds.push({ dst: s, src: s + width });
  }
  return adds;
}

/** Sums `shards` gradient regions into the first one over elements [begin, end), in treeAdds's order; returns the first. */
export function reduceShards(grads: readonly Float32Array[], shards: number, begin: number, end: number, add: AddInto): Float32Array {
  for (const { dst, src } of treeAdds(shards)) add(grads[dst], grads[src], begin, end);
  return grads[0];
}

/**
 * The partial sum that shard `i` of a claim (counted from the claim's first) writes its gradient
 * into: one is pending for each set bit of i, as in a binary counter, so a claim of 2^d shards
 * needs d + 1 of them, its own sum (level 0) among them.
 */
export function sumLevel(i: number): number {
  let bits = 0;
  for (let rest = i; rest > 0; rest >>>= 1) bits += rest & 1;
  return bits;
}

/**
 * How many additions follow shard `i` of a claim of `n` shards, each sum q − 1 += sum q from q =
 * sumLevel(i) down: one for each subtree the shard completes (its trailing one bits), and after the
 * last shard every one left. A claim starts at a multiple of its power-of-two size, so these are
 * treeAdds's additions within it, with the same operands: its sum has the tree's bits.
 */
export function mergesAfter(i: number, n: number): number {
  if (i === n - 1) return sumLevel(i);
  let ones = 0;
  for (let rest = i; (rest & 1) === 1; rest >>>= 1) ones++;
  return ones;
}

/** The plain loop version of AddInto. */
export function addIntoLoop(dst: Float32Array, src: Float32Array, begin: number, end: number): void {
  for (let i = begin; i < end; i++) dst[i] += src[i];
}
