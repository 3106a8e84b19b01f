// Lowers one pairwise contraction: reduce what only one side holds, classify the indices, pick a kernel.

import { lowerGemm } from './lower-gemm.js';
import { type PlanBuilder, type View, broadcastStep, stridedStep, sumStep } from './plan-builder.js';

/** Which kernels the planner may use: `auto` picks per step; `strided` forces the general fallback for every pairwise step. */
export type KernelChoice = 'auto' | 'strided';

/** The index classes of a pairwise step, each in the order of the operand it comes from. */
export interface PairClasses {
  /** In both operands and still needed after the step. */
  readonly batch: string;
  /** In both operands and needed by no one after the step: summed by the step. */
  readonly contracted: string;
  /** In x only, still needed. */
  readonly xFree: string;
  /** In y only, still needed. */
  readonly yFree: string;
}

/**
 * Appends the steps computing the product of `x` and `y` that keeps the letters in `keep`, into `target`
 * (the output, for the last step) or into fresh scratch; returns the view of the result.
 */
export function lowerPair(builder: PlanBuilder, x: View, y: View, keep: string, target: View | null, kernels: KernelChoice): View {
  // NOTE: an index held by one operand alone and needed by no one is summed before the product, not inside it.
  const left = reduceAlone(builder, x, y.layout.indices + keep);
  const right = reduceAlone(builder, y, left.layout.indices + keep);
  const classes = classify(left.layout.indices, right.layout.indices, keep);
  const { batch, contracted, xFree, yFree } = classes;
  const hasEmptyIndex = [...left.layout.sizes, ...right.layout.sizes].includes(0);
  if (kernels === 'strided' || hasEmptyIndex) {
    const to = target ?? builder.scratch(batch + xFree + yFree);
    builder.push(stridedStep(builder, left, right, to));
    return to;
  }
  if (contracted === '') {
    const to = target ?? builder.scratch(batch + xFree + yFree);
    builder.push(broadcastStep(builder, left, right, to));
    return to;
  }
  return lowerGemm(builder, left, right, classes, target);
}

/** Splits the letters of a pair into batch, contracted and free classes. */
export function classify(x: string, y: string, keep: string): PairClasses {
  const pick = (from: string, test: (letter: string) => boolean): string => [...from].filter(test).join('');
  return {
    batch: pick(x, (l) => y.includes(l) && keep.includes(l)),
    contracted: pick(x, (l) => y.includes(l) && !keep.includes(l)),
    xFree: pick(x, (l) => !y.includes(l)),
    yFree: pick(y, (l) => !x.includes(l)),
  };
}

/** `view` summed over its letters absent from `needed`, in a scratch buffer; `view` itself when there are none. */
function reduceAlone(builder: PlanBuilder, view: View, needed: string): View {
  const kept = [...view.layout.indices].filter((letter) => needed.includes(letter)).join('');
  if (kept === view.layout.indices) return view;
  const to = builder.scratch(kept);
  builder.push(sumStep(builder, view, to, 'reduce'));
  return to;
}
