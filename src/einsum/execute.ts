// Runs a plan's steps over its buffers, each step by its kernel, or binds them to fixed buffers once.

import type { BoundKernel } from '../kernels/bound-kernel.js';
import { bindGemm } from '../kernels/gemm.js';
import { bindStridedSumF32 } from '../kernels/strided-sum-f32.js';
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
    runStep(step, slots, accumulate && step.intoOutput);
  }
}

/**
 * Binds a step to the buffers in `slots` as they are now. A single GEMM is bound through
 * bindGemm (checked once; over kernel memory, one kernel call per run), and so is a float32 sum
 * over one axis into one kept axis (a bias gradient's nj->j); other steps run as in executePlan.
 */
export function bindStep(step: Step, slots: readonly Storage[]): BoundKernel {
  if (step.kind === 'gemm' && step.batchSizes.length === 0) {
    const { m, n, k, rsA, csA, rsB, csB, rsC } = step;
    return bindGemm(m, n, k, slots[step.a], 0, rsA, csA, slots[step.b], 0, rsB, csB, slots[step.c], 0, rsC);
  }
  if (step.kind === 'sum' && step.keptRank === 1 && step.sizes.length === 2) {
    const a = slots[step.a];
    const c = slots[step.c];
    if (a instanceof Float32Array && c instanceof Float32Array) {
      const { sizes, stridesA, stridesC } = step;
      const bound = bindStridedSumF32(sizes[0], sizes[1], a, stridesA[0], stridesA[1], c, stridesC[0]);
      if (bound !== undefined) return bound;
    }
  }
  return (accumulate) => runStep(step, slots, accumulate);
}

function runStep(step: Step, slots: readonly Storage[], add: boolean): void {
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
