// Runs a plan's steps over its buffers, each step by its kernel.

import type { Storage } from '../tensor/dtype.js';
import { batchedGemm } from './kernels/batched-gemm.js';
import { broadcastProduct } from './kernels/broadcast-product.js';
import { stridedProduct } from './kernels/strided-product.js';
import { stridedSum } from './kernels/strided-sum.js';
import type { Step } from './step.js';

/** Runs `steps` over `slots` (operands, output, scratch); `accumulate` adds into the output instead of overwriting it. */
export function executePlan(steps: readonly Step[], slots: readonly Storage[], accumulate: boolean): void {
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    const add = accumulate && step.intoOutput;
    switch (step.kind) {
      case 'sum':
        stridedSum(step, slots[step.a], slots[step.c], add);
        break;
      case 'broadcast':
        broadcastProduct(step, slots[step.a], slots[step.b], slots[step.c], add);
        break;
      case 'gemm':
        batchedGemm(step, slots[step.a], slots[step.b], slots[step.c], add);
        break;
      case 'strided':
        stridedProduct(step, slots[step.a], slots[step.b], slots[step.c], add);
        break;
    }
  }
}
