// Holding rows out of a set (for testing, or validation): the last ones of an order, or the last ones of each class in it.

/** The rows of an order split in two, each part in that order. */
export interface HeldOut {
  readonly kept: Uint32Array;
  readonly held: Uint32Array;
}

/** The classes of the rows, for a stratified hold-out. */
export interface Strata {
  readonly labels: Int32Array;
  readonly classCount: number;
}

/**
 * Holds out `round(order.length × fraction)` rows: the last ones of `order`, or with `strata` the
 * last ones of each class in `order`, as many of each as keep its share (largest remainders, ties to
 * the lower class), leaving each class at least one row kept. The same order gives the same parts.
 */
export function holdOut(order: Uint32Array, fraction: number, strata: Strata | null): HeldOut {
  const total = Math.round(order.length * fraction);
  if (strata === null) return { kept: order.slice(0, order.length - total), held: order.slice(order.length - total) };
  const sizes = new Float64Array(strata.classCount);
  for (let i = 0; i < order.length; i++) sizes[strata.labels[order[i]]]++;
  const quota = classQuotas(sizes, fraction, total);
  const held = new Uint8Array(order.length);
  const taken = new Float64Array(strata.classCount);
  for (let i = order.length - 1; i >= 0; i--) {
    const label = strata.labels[order[i]];
    if (taken[label] < quota[label]) {
      taken[label]++;
      held[i] = 1;
    }
  }
  const kept: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < order.length; i++) (held[i] === 1 ? out : kept).push(order[i]);
  return { kept: Uint32Array.from(kept), held: Uint32Array.from(out) };
}

/** Rows to hold out of each class: floor(size × fraction), plus one for the largest remainders until `total`, at most size − 1. */
function classQuotas(sizes: Float64Array, fraction: number, total: number): Float64Array {
  const quota = new Float64Array(sizes.length);
  let given = 0;
  for (let c = 0; c < sizes.length; c++) {
    quota[c] = Math.min(Math.floor(sizes[c] * fraction), Math.max(sizes[c] - 1, 0));
    given += quota[c];
  }
  const byRemainder = Array.from(sizes, (_, c) => c).sort((a, b) => sizes[b] * fraction - quota[b] - (sizes[a] * fraction - quota[a]) || a - b);
  for (const c of byRemainder) {
    if (given >= total) break;
    if (quota[c] < sizes[c] - 1) {
      quota[c]++;
      given++;
    }
  }
  return quota;
}
