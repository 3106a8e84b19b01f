// The fixed-order sum of shard gradients: the same tree whatever the number of threads.

/** dst[i] += src[i] for i in [begin, end): a vectorised kernel or a loop. */
export type AddInto = (dst: Float32Array, src: Float32Array, begin: number, end: number) => void;

/**
 * Sums `shards` gradient regions into the first one, over elements [begin, end), pairwise:
 * g0 += g1, g2 += g3, …, then g0 += g2, g4 += g6, …, until g0 holds the sum.
 * NOTE: float addition is not associative; this order is fixed by the shard count alone, so the
 * sum is bit-identical however many threads computed the shards (or the slices of this sum).
 */
export function reduceShards(grads: readonly Float32Array[], shards: number, begin: number, end: number, add: AddInto): Float32Array {
  for (let width = 1; width < shards; width *= 2) {
    for (let s = 0; s + width < shards; s += 2 * width) add(grads[s], grads[s + width], begin, end);
  }
  return grads[0];
}

/** The plain loop version of AddInto. */
export function addIntoLoop(dst: Float32Array, src: Float32Array, begin: number, end: number): void {
  for (let i = begin; i < end; i++) dst[i] += src[i];
}
