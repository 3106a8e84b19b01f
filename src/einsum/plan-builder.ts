// Collects a plan's steps and scratch buffers while the planner lowers a spec, and makes the non-GEMM steps.

import type { DType, Storage } from '../tensor/dtype.js';
import { type Layout, contiguousLayout, layoutSize, strideOf } from './layout.js';
import { type ScratchPlace, allocateScratch } from './scratch.js';
import type { BroadcastStep, Slot, Step, StridedStep, SumStep } from './step.js';

/** A buffer of the plan, by slot, read through a layout. */
export interface View {
  readonly slot: Slot;
  readonly layout: Layout;
}

/** Accumulates steps and scratch layouts; slots are the operands, then the output, then scratch. */
export class PlanBuilder {
  readonly steps: Step[] = [];
  private readonly scratchLayouts: Layout[] = [];

  constructor(
    readonly dtype: DType,
    readonly operandCount: number,
    readonly sizes: ReadonlyMap<string, number>,
  ) {}

  /** The slot of the plan's output. */
  get outputSlot(): Slot {
    return this.operandCount;
  }

  /** A fresh row-major scratch buffer holding the letters `indices` in that order. */
  scratch(indices: string): View {
    const layout = contiguousLayout(indices, this.sizes);
    this.scratchLayouts.push(layout);
    return { slot: this.operandCount + this.scratchLayouts.length, layout };
  }

  /** Appends a step. */
  push(step: Step): void {
    this.steps.push(step);
  }

  /** True when `view` is the plan's output. */
  isOutput(view: View): boolean {
    return view.slot === this.outputSlot;
  }

  /** The scratch buffers, allocated once where `place` says: slot operandCount + 1 + t holds buffer t. */
  allocateScratch(place: ScratchPlace): Storage[] {
    return this.scratchLayouts.map((layout) => allocateScratch(this.dtype, layoutSize(layout), place));
  }
}

/** A step that sums `from` over the letters `to` lacks and writes the rest in `to`'s order (a permuting copy when nothing is summed). */
export function sumStep(builder: PlanBuilder, from: View, to: View, purpose: SumStep['purpose']): SumStep {
  const kept = to.layout.indices;
  const summed = [...from.layout.indices].filter((letter) => !kept.includes(letter)).join('');
  const axes = kept + summed;
  return {
    kind: 'sum',
    purpose,
    spec: `${from.layout.indices}->${kept}`,
    a: from.slot,
    c: to.slot,
    intoOutput: builder.isOutput(to),
    sizes: sizesOf(builder, axes),
    stridesA: stridesOf(from.layout, axes),
    stridesC: stridesOf(to.layout, kept),
    keptRank: kept.length,
    counter: new Int32Array(axes.length),
  };
}

/** A step that multiplies `x` and `y` elementwise along shared letters and outer along the others, into `to`. */
export function broadcastStep(builder: PlanBuilder, x: View, y: View, to: View): BroadcastStep {
  const axes = to.layout.indices;
  return {
    kind: 'broadcast',
    spec: pairSpec(x, y, to),
    a: x.slot,
    b: y.slot,
    c: to.slot,
    intoOutput: builder.isOutput(to),
    sizes: sizesOf(builder, axes),
    stridesA: stridesOf(x.layout, axes),
    stridesB: stridesOf(y.layout, axes),
    stridesC: stridesOf(to.layout, axes),
    counter: new Int32Array(axes.length),
  };
}

/** The general strided step: sums x·y over every letter `to` lacks. */
export function stridedStep(builder: PlanBuilder, x: View, y: View, to: View): StridedStep {
  const kept = to.layout.indices;
  const all = [...new Set(x.layout.indices + y.layout.indices)].join('');
  const axes = kept + [...all].filter((letter) => !kept.includes(letter)).join('');
  return {
    kind: 'strided',
    spec: pairSpec(x, y, to),
    a: x.slot,
    b: y.slot,
    c: to.slot,
    intoOutput: builder.isOutput(to),
    sizes: sizesOf(builder, axes),
    stridesA: stridesOf(x.layout, axes),
    stridesB: stridesOf(y.layout, axes),
    stridesC: stridesOf(to.layout, kept),
    keptRank: kept.length,
    counter: new Int32Array(axes.length),
  };
}

/** `x,y->to` over the views' letters. */
export function pairSpec(x: View, y: View, to: View): string {
  return `${x.layout.indices},${y.layout.indices}->${to.layout.indices}`;
}

/** The sizes of `letters`, as a typed array for a kernel. */
export function sizesOf(builder: PlanBuilder, letters: string): Int32Array {
  return Int32Array.from([...letters], (letter) => builder.sizes.get(letter) ?? 1);
}

/** The strides of `letters` in `layout` (0 where it lacks one), as a typed array for a kernel. */
export function stridesOf(layout: Layout, letters: string): Int32Array {
  return Int32Array.from([...letters], (letter) => strideOf(layout, letter));
}
