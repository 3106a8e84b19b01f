// The pairwise kernel with nothing summed: Hadamard products, outer products and mixes of them.

import type { Storage } from '../../tensor/dtype.js';
import type { BroadcastStep } from '../step.js';

/** c[all] = (accumulate ? c[all] : 0) + a[...]·b[...], where a and b have stride 0 along the axes they lack. */
export function broadcastProduct(step: BroadcastStep, a: Storage, b: Storage, c: Storage, accumulate: boolean): void {
  const { sizes, stridesA, stridesB, stridesC, counter } = step;
  const rank = sizes.length;
  // The innermost axis runs as a plain loop; a scalar result is one pass of length 1.
  const last = rank - 1;
  const n = rank > 0 ? sizes[last] : 1;
  const sa = rank > 0 ? stridesA[last] : 0;
  const sb = rank > 0 ? stridesB[last] : 0;
  const sc = rank > 0 ? stridesC[last] : 0;
  let outer = 1;
  for (let axis = 0; axis < last; axis++) outer *= sizes[axis];
  counter.fill(0);
  let pa = 0;
  let pb = 0;
  let pc = 0;
  for (let o = 0; o < outer; o++) {
    let qa = pa;
    let qb = pb;
    let qc = pc;
    if (accumulate) {
      for (let j = 0; j < n; j++, qa += sa, qb += sb, qc += sc) c[qc] += a[qa] * b[qb];
    } else {
      for (let j = 0; j < n; j++, qa += sa, qb += sb, qc += sc) c[qc] = a[qa] * b[qb];
    }
    for (let axis = last - 1; axis >= 0; axis--) {
      counter[axis]++;
      pa += stridesA[axis];
      pb += stridesB[axis];
      pc += stridesC[axis];
      if (counter[axis] < sizes[axis]) break;
      pa -= counter[axis] * stridesA[axis];
      pb -= counter[axis] * stridesB[axis];
      pc -= counter[axis] * stridesC[axis];
      counter[axis] = 0;
    }
  }
}
