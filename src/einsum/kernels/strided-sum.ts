// The one-operand kernel: a strided sum over some axes, which is also a permuting copy when no axis is summed.

import type { Storage } from '../../tensor/dtype.js';
import type { SumStep } from '../step.js';

/** c[kept] = (accumulate ? c[kept] : 0) + Σ over the summed axes of a[kept, summed], with the step's sizes and strides. */
export function stridedSum(step: SumStep, a: Storage, c: Storage, accumulate: boolean): void {
  const { sizes, stridesA, stridesC, keptRank, counter } = step;
  const rank = sizes.length;
  let outer = 1;
  for (let axis = 0; axis < keptRank; axis++) outer *= sizes[axis];
  let inner = 1;
  for (let axis = keptRank; axis < rank; axis++) inner *= sizes[axis];
  // One summed axis (a bias gradient's nj->j, say) steps with a single stride, without the odometer.
  const single = rank - keptRank === 1;
  const stride = single ? stridesA[keptRank] : 0;
  counter.fill(0);
  let pa = 0;
  let pc = 0;
  for (let o = 0; o < outer; o++) {
    let sum = 0;
    let qa = pa;
    if (single) {
      for (let r = 0; r < inner; r++, qa += stride) sum += a[qa];
    } else {
      for (let r = 0; r < inner; r++) {
        sum += a[qa];
        for (let axis = rank - 1; axis >= keptRank; axis--) {
          counter[axis]++;
          qa += stridesA[axis];
          if (counter[axis] < sizes[axis]) break;
          qa -= counter[axis] * stridesA[axis];
          counter[axis] = 0;
        }
      }
    }
    c[pc] = accumulate ? c[pc] + sum : sum;
    for (let axis = keptRank - 1; axis >= 0; axis--) {
      counter[axis]++;
      pa += stridesA[axis];
      pc += stridesC[axis];
      if (counter[axis] < sizes[axis]) break;
      pa -= counter[axis] * stridesA[axis];
      pc -= counter[axis] * stridesC[axis];
      counter[axis] = 0;
    }
  }
}
