// Compiles a spec for fixed shapes and dtype into a plan: a path, then each pairwise step lowered to kernels.

import type { DType, Storage } from '../tensor/dtype.js';
import { bindSpec } from './bind-spec.js';
import { contiguousLayout, operandLayout, sizeOfIndex } from './layout.js';
import { type KernelChoice, lowerPair } from './lower-pair.js';
import { formatSpec, parseSpec } from './parse.js';
import { type ContractionPath, type PathStrategyName, findPath } from './path.js';
import { PlanBuilder, type View, sumStep } from './plan-builder.js';
import type { ScratchPlace } from './scratch.js';
import type { Step } from './step.js';

/** How to plan: the path strategy (default `auto`), the kernels allowed (default `auto`) and where scratch lives (default `kernel`). */
export interface PlanOptions {
  readonly path?: PathStrategyName;
  readonly kernels?: KernelChoice;
  readonly scratch?: ScratchPlace;
}

/**
 * A compiled contraction. Its kernels address buffers by slot: slots 0..n−1 are the operands,
 * slot n the output, slots n+1… the scratch buffers, in order.
 */
export interface Plan {
  /** The spec in canonical numpy form. */
  readonly spec: string;
  /** The spec as the steps read it: ellipses written out as letters, broadcast axes dropped (see BoundSpec). */
  readonly boundSpec: string;
  readonly dtype: DType;
  readonly operandShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  /** The pairwise order (empty for one operand). */
  readonly path: ContractionPath;
  readonly steps: readonly Step[];
  /** Buffers for intermediates, allocated here once and reused by every run. */
  readonly scratch: readonly Storage[];
  /** Where they live (see ScratchPlace). */
  readonly scratchPlace: ScratchPlace;
}

/** Plans `spec` for row-major operands of these shapes; throws an EinsumError when they do not fit. */
export function planEinsum(spec: string, shapes: readonly (readonly number[])[], dtype: DType, options: PlanOptions = {}): Plan {
  const kernels = options.kernels ?? 'auto';
  if (kernels !== 'auto' && kernels !== 'strided') throw new RangeError(`kernels '${String(kernels)}' is not one of auto, strided`);
  const scratchPlace = options.scratch ?? 'kernel';
  if (scratchPlace !== 'kernel' && scratchPlace !== 'plain') throw new RangeError(`scratch '${String(scratchPlace)}' is not one of kernel, plain`);
  const parsed = parseSpec(spec);
  const bound = bindSpec(spec, parsed, shapes);
  const { sizes } = bound;
  const builder = new PlanBuilder(dtype, bound.inputs.length, sizes);
  const output: View = { slot: builder.outputSlot, layout: contiguousLayout(bound.output, sizes) };
  let views: View[] = bound.inputs.map((group, operand) => ({ slot: operand, layout: operandLayout(group, sizes) }));
  let path: ContractionPath = [];
  if (views.length === 1) {
    builder.push(sumStep(builder, views[0], output, 'single'));
  } else {
    path = findPath(
      views.map((view) => view.layout.indices),
      bound.output,
      sizes,
      options.path ?? 'auto',
    );
    for (const [i, j] of path) {
      const rest = views.filter((_, t) => t !== i && t !== j);
      const keep = bound.output + rest.map((view) => view.layout.indices).join('');
      const target = rest.length === 0 ? output : null;
      views = [...rest, lowerPair(builder, views[i], views[j], keep, target, kernels)];
    }
  }
  return {
    spec: formatSpec(parsed),
    boundSpec: formatSpec(bound),
    dtype,
    operandShapes: shapes.map((shape) => [...shape]),
    outputShape: [...bound.output].map((letter) => sizeOfIndex(sizes, letter)),
    path,
    steps: builder.steps,
    scratch: builder.allocateScratch(scratchPlace),
    scratchPlace,
  };
}
