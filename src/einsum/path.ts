// Contraction paths: the order of pairwise contractions for three or more operands, from index sizes alone.

/** A contraction order: each pair names two positions (i < j) in the current operand list; their product is appended at the end. */
export type ContractionPath = readonly (readonly [number, number])[];

/** Chooses a path from the operands' index groups, the output group and the index sizes. */
export type PathStrategy = (inputs: readonly string[], output: string, sizes: ReadonlyMap<string, number>) => ContractionPath;

/** The most operands `auto` searches exhaustively; beyond this it is greedy. */
export const OPTIMAL_LIMIT = 4;

/** Left to right: ((A·B)·C)·D. */
const naive: PathStrategy = (inputs) => {
  const path: [number, number][] = [];
  for (let left = inputs.length; left > 1; left--) path.push([0, left === inputs.length ? 1 : left - 1]);
  return path;
};

/** Each step contracts the pair of current operands that costs fewest multiplications (ties: the smaller result, then the first pair). */
const greedy: PathStrategy = (inputs, output, sizes) => {
  const list = inputs.map(distinct);
  const path: [number, number][] = [];
  while (list.length > 1) {
    let best: [number, number] = [0, 1];
    let bestCost = Infinity;
    let bestSize = Infinity;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const cost = stepCost(list[i], list[j], sizes);
        const size = product(resultIndices(list, i, j, output), sizes);
        if (cost < bestCost || (cost === bestCost && size < bestSize)) {
          best = [i, j];
          bestCost = cost;
          bestSize = size;
        }
      }
    }
    contractInList(list, best, output);
    path.push(best);
  }
  return path;
};

/** The cheapest path by multiplication count, by dynamic programming over subsets of operands (3^n work). */
const optimal: PathStrategy = (inputs, output, sizes) => {
  const n = inputs.length;
  const full = (1 << n) - 1;
  const groups = inputs.map(distinct);
  // The letters the product of the operands in `mask` holds: an operand's own, or an intermediate's that are still needed.
  const indicesOf = (mask: number): string => {
    if ((mask & (mask - 1)) === 0) return groups[Math.log2(mask)];
    let inside = '';
    let outside = output;
    for (let t = 0; t < n; t++) {
      if (mask & (1 << t)) inside += groups[t];
      else outside += groups[t];
    }
    return [...distinct(inside)].filter((letter) => outside.includes(letter)).join('');
  };
  const cost = new Float64Array(full + 1).fill(Infinity);
  const split = new Int32Array(full + 1);
  for (let mask = 1; mask <= full; mask++) {
    if ((mask & (mask - 1)) === 0) {
      cost[mask] = 0;
      continue;
    }
    for (let sub = (mask - 1) & mask; sub > 0; sub = (sub - 1) & mask) {
      const rest = mask ^ sub;
      if (sub > rest) continue;
      const total = cost[sub] + cost[rest] + stepCost(indicesOf(sub), indicesOf(rest), sizes);
      if (total < cost[mask]) {
        cost[mask] = total;
        split[mask] = sub;
      }
    }
  }
  const list = groups.map((_, t) => 1 << t);
  const path: [number, number][] = [];
  const emit = (mask: number): void => {
    if ((mask & (mask - 1)) === 0) return;
    const sub = split[mask];
    emit(sub);
    emit(mask ^ sub);
    const a = list.indexOf(sub);
    const b = list.indexOf(mask ^ sub);
    const pair: [number, number] = a < b ? [a, b] : [b, a];
    list.splice(pair[1], 1);
    list.splice(pair[0], 1);
    list.push(mask);
    path.push(pair);
  };
  emit(full);
  return path;
};

/** Exhaustive for up to OPTIMAL_LIMIT operands, greedy beyond. */
const auto: PathStrategy = (inputs, output, sizes) =>
  inputs.length <= OPTIMAL_LIMIT ? optimal(inputs, output, sizes) : greedy(inputs, output, sizes);

/** The path strategies by name. */
export const pathStrategies = { auto, optimal, greedy, naive } satisfies Record<string, PathStrategy>;

/** The name of a registered path strategy. */
export type PathStrategyName = keyof typeof pathStrategies;

/**
 * The most operands `optimal` searches: its work grows as 3^n (16 operands took 17 s) and its
 * subsets are 31-bit masks. Past this, ask for `greedy` (or `auto`, which switches to it itself).
 */
export const OPTIMAL_MAX_OPERANDS = 12;

/** The path that strategy `name` chooses. */
export function findPath(inputs: readonly string[], output: string, sizes: ReadonlyMap<string, number>, name: PathStrategyName = 'auto'): ContractionPath {
  if (!Object.hasOwn(pathStrategies, name)) {
    throw new RangeError(`path strategy '${String(name)}' is not one of ${Object.keys(pathStrategies).join(', ')}`);
  }
  if (name === 'optimal' && inputs.length > OPTIMAL_MAX_OPERANDS) {
    throw new RangeError(`the optimal path searches at most ${OPTIMAL_MAX_OPERANDS} operands (its work grows as 3^n); ${inputs.length} were given: use 'greedy' or 'auto'`);
  }
  return pathStrategies[name](inputs, output, sizes);
}

/** The multiplications a path costs: for each step, the product of the sizes of every index its two operands hold. */
export function pathCost(inputs: readonly string[], output: string, sizes: ReadonlyMap<string, number>, path: ContractionPath): number {
  const list = inputs.map(distinct);
  let total = 0;
  for (const pair of path) {
    total += stepCost(list[pair[0]], list[pair[1]], sizes);
    contractInList(list, pair, output);
  }
  return total;
}

/** The indices the product of list[i] and list[j] keeps: those the output or another operand still needs. */
export function resultIndices(list: readonly string[], i: number, j: number, output: string): string {
  let needed = output;
  for (let t = 0; t < list.length; t++) if (t !== i && t !== j) needed += list[t];
  return [...distinct(list[i] + list[j])].filter((letter) => needed.includes(letter)).join('');
}

function contractInList(list: string[], [i, j]: readonly [number, number], output: string): void {
  const result = resultIndices(list, i, j, output);
  list.splice(j, 1);
  list.splice(i, 1);
  list.push(result);
}

function stepCost(a: string, b: string, sizes: ReadonlyMap<string, number>): number {
  return product(distinct(a + b), sizes);
}

function product(letters: string, sizes: ReadonlyMap<string, number>): number {
  let n = 1;
  for (const letter of letters) n *= sizes.get(letter) ?? 1;
  return n;
}

function distinct(letters: string): string {
  return [...new Set(letters)].join('');
}
