// The general pairwise kernel, the fallback of the planner: every two-operand contraction by strides alone.

import type { Storage } from '../../tensor/dtype.js';
import type { StridedStep } from '../step.js';

/** c[kept] = (accumulate ? c[kept] : 0) + Σ over the summed axes of a[...]·b[...], with the step's sizes and strides. */
export function stridedProduct(step: StridedStep, a: Storage, b: Storage, c: Storage, accumulate: boolean): void {
  const { sizes, stridesA, stridesB, stridesC, keptRank, counter } = step;
  const rank = sizes.length;
  let outer = 1;
  for (let axis = 0; axis < keptRank; axis++) outer *= sizes[axis];
  let inner = 1;
  for (let axis = keptRank; axis < rank; axis++) inner *= sizes[axis];
  counter.fill(0);
  let pa = 0;
  let pb = 0;
  let pc = 0;
  for (let o = 0; o < outer; o++) {
    let sum = 0;
    let qa = pa;
    let qb = pb;
    for (let r = 0; r < inner; r++) {
      sum += a[qa] * b[qb];
      for (let axis = rank - 1; axis >= keptRank; axis--) {
        counter[axis]++;
        qa += stridesA[axis];
        qb += stridesB[axis];
        if (counter[axis] < sizes[axis]) break;
        qa -= counter[axis] * stridesA[axis];
        qb -= counter[axis] * stridesB[axis];
        counter[axis] = 0;
      }
    }
    c[pc] = accumulate ? c[pc] + sum : sum;
    for (let axis = keptRank - 1; axis >= 0; axis--) {
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
