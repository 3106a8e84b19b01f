// The GEMM-shaped step: one gemm call per batch multi-index, with every offset stepped by strides.

import { gemm } from '../../kernels/gemm.js';
import type { Storage } from '../../tensor/dtype.js';
import type { GemmStep } from '../step.js';

/** For each batch multi-index: C = (accumulate ? C : 0) + A·B, with the step's m, n, k and strides. */
export function batchedGemm(step: GemmStep, a: Storage, b: Storage, c: Storage, accumulate: boolean): void {
  const { m, n, k, rsA, csA, rsB, csB, rsC, batchSizes, batchStridesA, batchStridesB, batchStridesC, counter } = step;
  const rank = batchSizes.length;
  let batches = 1;
  for (let axis = 0; axis < rank; axis++) batches *= batchSizes[axis];
  counter.fill(0);
  let pa = 0;
  let pb = 0;
  let pc = 0;
  for (let t = 0; t < batches; t++) {
    gemm(m, n, k, a, pa, rsA, csA, b, pb, rsB, csB, c, pc, rsC, accumulate);
    for (let axis = rank - 1; axis >= 0; axis--) {
      counter[axis]++;
      pa += batchStridesA[axis];
      pb += batchStridesB[axis];
      pc += batchStridesC[axis];
      if (counter[axis] < batchSizes[axis]) break;
      pa -= counter[axis] * batchStridesA[axis];
      pb -= counter[axis] * batchStridesB[axis];
      pc -= counter[axis] * batchStridesC[axis];
      counter[axis] = 0;
    }
  }
}
