// Lowers a pairwise step with contracted indices to batched GEMM, copying an operand only when its strides cannot merge.

import { type Layout, layoutSize, mergedStride } from './layout.js';
import type { PairClasses } from './lower-pair.js';
import { type PlanBuilder, type View, pairSpec, sizesOf, stridesOf, sumStep } from './plan-builder.js';
import type { GemmStep } from './step.js';

/** One way to cast the step as C[batch, m, n] = Σ_k A[batch, m, k] · B[batch, k, n], and the copies it needs. */
interface GemmCasting {
  readonly a: View;
  readonly b: View;
  /** The letters of each GEMM dimension, in the order they are flattened. */
  readonly m: string;
  readonly n: string;
  readonly k: string;
  readonly copyA: boolean;
  readonly copyB: boolean;
  /** True when the GEMM writes scratch that is then permuted into the target. */
  readonly copyC: boolean;
  /** Elements copied. */
  readonly cost: number;
}

/**
 * Appends the GEMM of `x` and `y` (after any permuting copies) into `target` or fresh scratch; returns the result.
 * Tries both operand roles and both orders of the contracted letters, and keeps the casting that copies least.
 */
export function lowerGemm(builder: PlanBuilder, x: View, y: View, classes: PairClasses, target: View | null): View {
  const { batch, contracted, xFree, yFree } = classes;
  const kFromY = [...y.layout.indices].filter((letter) => contracted.includes(letter)).join('');
  const castings = [
    cast(x, y, xFree, yFree, contracted, target),
    cast(x, y, xFree, yFree, kFromY, target),
    cast(y, x, yFree, xFree, contracted, target),
    cast(y, x, yFree, xFree, kFromY, target),
  ];
  let best = castings[0];
  for (const casting of castings) if (casting.cost < best.cost) best = casting;

  const { m, n, k } = best;
  let a = best.a;
  if (best.copyA) {
    a = builder.scratch(batch + m + k);
    builder.push(sumStep(builder, best.a, a, 'permute'));
  }
  let b = best.b;
  if (best.copyB) {
    b = builder.scratch(batch + k + n);
    builder.push(sumStep(builder, best.b, b, 'permute'));
  }
  const c = target === null || best.copyC ? builder.scratch(batch + m + n) : target;
  builder.push(gemmStep(builder, a, b, c, batch, m, n, k));
  if (target !== null && best.copyC) {
    builder.push(sumStep(builder, c, target, 'permute'));
    return target;
  }
  return c;
}

function cast(a: View, b: View, aFree: string, bFree: string, k: string, target: View | null): GemmCasting {
  let m = aFree;
  let n = bFree;
  let copyC = false;
  if (target !== null) {
    const inTarget = (letters: string): string => [...target.layout.indices].filter((letter) => letters.includes(letter)).join('');
    copyC = !gemmCanWrite(target.layout, inTarget(aFree), inTarget(bFree));
    if (!copyC) {
      m = inTarget(aFree);
      n = inTarget(bFree);
    }
  }
  const copyA = mergedStride(a.layout, m) === null || mergedStride(a.layout, k) === null;
  const copyB = mergedStride(b.layout, k) === null || mergedStride(b.layout, n) === null;
  const cost = (copyA ? layoutSize(a.layout) : 0) + (copyB ? layoutSize(b.layout) : 0) + (copyC && target !== null ? layoutSize(target.layout) : 0);
  return { a, b, m, n, k, copyA, copyB, copyC, cost };
}

/** True when GEMM can write C[m, n] straight into `layout`: m merges into one row stride and n into unit columns. */
function gemmCanWrite(layout: Layout, m: string, n: string): boolean {
  return mergedStride(layout, m) !== null && mergedStride(layout, n) === 1;
}

function gemmStep(builder: PlanBuilder, a: View, b: View, c: View, batch: string, m: string, n: string, k: string): GemmStep {
  return {
    kind: 'gemm',
    spec: pairSpec(a, b, c),
    a: a.slot,
    b: b.slot,
    c: c.slot,
    intoOutput: builder.isOutput(c),
    m: extent(builder, m),
    n: extent(builder, n),
    k: extent(builder, k),
    rsA: stride(a.layout, m),
    csA: stride(a.layout, k),
    rsB: stride(b.layout, k),
    csB: stride(b.layout, n),
    rsC: stride(c.layout, m),
    batchSizes: sizesOf(builder, batch),
    batchStridesA: stridesOf(a.layout, batch),
    batchStridesB: stridesOf(b.layout, batch),
    batchStridesC: stridesOf(c.layout, batch),
    counter: new Int32Array(batch.length),
  };
}

function extent(builder: PlanBuilder, letters: string): number {
  let size = 1;
  for (const letter of letters) size *= builder.sizes.get(letter) ?? 1;
  return size;
}

function stride(layout: Layout, letters: string): number {
  const s = mergedStride(layout, letters);
  if (s === null) throw new Error(`einsum: '${letters}' does not merge in the view '${layout.indices}' after the planned copies`);
  return s;
}
