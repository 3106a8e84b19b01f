// The fixed-order sum of shard gradients: the same tree whatever the number of threads.

/** dst[i] += src[i] for i in [begin, end): a vectorised kernel or a loop. */
export type AddInto = (dst: Float32Array, src: Float32Array, begin: number, end: number) => void;

/** One addition of the tree: gradient region `dst` += region `src`. */
export interface TreeAdd {
  readonly dst: number;
  readonly src: number;
  /** The shards whose sum the addition completes: [dst, end). */
  readonly end: number;
}

/**
 * The additions that sum `shards` regions into the first, pairwise, in order:
 * g0 += g1, g2 += g3, …, then g0 += g2, g4 += g6, …, until g0 holds the sum.
 * NOTE: float addition is not associative; this order is fixed by the shard count alone, so the
 * sum is bit-identical however many threads computed the shards (or the slices of this sum).
 */
export function treeAdds(shards: number): TreeAdd[] {
  const adds: TreeAdd[] = [];
  for (let width = 1; width < shards; width *= 2) {
    for (let s = 0; s + width < shards; s += 2 * width) adds.push({ dst: s, src: s + width, end: Math.min(s + 2 * width, shards) });
  }
  return adds;
}

/** Sums `shards` gradient regions into the first one over elements [begin, end), in treeAdds's order; returns the first. */
export function reduceShards(grads: readonly Float32Array[], shards: number, begin: number, end: number, add: AddInto): Float32Array {
  for (const { dst, src } of treeAdds(shards)) add(grads[dst], grads[src], begin, end);
  return grads[0];
}

/**
 * The tree's additions split by where they can run. An addition whose shards all belong to one
 * group (a claim) needs nothing from another thread: the thread that ran the group does it, over
 * every parameter, right after its shards (`local[g]`, in tree order). The rest (`shared`, in
 * tree order) sum what several threads wrote and wait for the update phase, where whichever thread
 * takes a chunk of the parameters does them over that chunk. Every addition still happens once, after the ones it sums, with the same operands:
 * the bits of reduceShards, while a thread reads another's gradients only where the tree makes it.
 */
export function splitTree(shards: number, groups: readonly (readonly number[])[]): { local: TreeAdd[][]; shared: TreeAdd[] } {
  const owner = new Array<number>(shards).fill(-1);
  groups.forEach((group, g) => {
    for (const shard of group) owner[shard] = g;
  });
  const local = groups.map((): TreeAdd[] => []);
  const shared: TreeAdd[] = [];
  for (const add of treeAdds(shards)) {
    const g = owner[add.dst];
    let own = g >= 0;
    for (let s = add.dst; own && s < add.end; s++) own = owner[s] === g;
    if (own) local[g].push(add);
    else shared.push(add);
  }
  return { local, shared };
}

/** The plain loop version of AddInto. */
export function addIntoLoop(dst: Float32Array, src: Float32Array, begin: number, end: number): void {
  for (let i = begin; i < end; i++) dst[i] += src[i];
}
