// Prints a plan's steps, one line each: which kernel, on which indices, with which flags.

import type { Plan } from './plan.js';
import type { GemmStep, Slot, Step } from './step.js';

/** A multi-line account of `plan`: its spec, shapes, the spec in letters when it has an ellipsis or broadcasts, and path, then one line per step. */
export function describePlan(plan: Plan): string {
  const operands = plan.operandShapes.length;
  const shapes = plan.operandShapes.map((shape) => `[${shape.join(',')}]`).join(' ');
  const lines = [`einsum ${plan.spec} (${plan.dtype}) shapes ${shapes} -> [${plan.outputShape.join(',')}]`];
  if (plan.boundSpec !== plan.spec) lines.push(`as ${plan.boundSpec}`);
  if (plan.path.length > 0) lines.push(`path ${plan.path.map(([i, j]) => `(${i},${j})`).join(' ')}`);
  for (const [t, step] of plan.steps.entries()) lines.push(`${t + 1}. ${describeStep(step, operands)}`);
  return lines.join('\n');
}

/** One step as `kernel spec buffers flags`, e.g. `gemm ij,jk->ik A=op0 B=op1 C=out m=2 n=3 k=4 A:N B:T`. */
export function describeStep(step: Step, operands: number): string {
  const name = (slot: Slot): string => (slot < operands ? `op${slot}` : slot === operands ? 'out' : `tmp${slot - operands - 1}`);
  switch (step.kind) {
    case 'sum':
      return `${step.purpose === 'permute' ? 'permute' : step.purpose === 'reduce' ? 'reduce' : 'sum'} ${step.spec} ${name(step.a)} -> ${name(step.c)}`;
    case 'broadcast':
      return `broadcast ${step.spec} ${name(step.a)} * ${name(step.b)} -> ${name(step.c)}`;
    case 'strided':
      return `strided ${step.spec} ${name(step.a)} * ${name(step.b)} -> ${name(step.c)}`;
    case 'gemm':
      return `gemm ${step.spec} A=${name(step.a)} B=${name(step.b)} C=${name(step.c)} ${gemmFlags(step)}`;
  }
}

/** m, n, k, each operand's layout (N: unit column stride, T: unit row stride, S: general strides) and the batch count. */
function gemmFlags(step: GemmStep): string {
  let batches = 1;
  for (const size of step.batchSizes) batches *= size;
  const flags = [`m=${step.m}`, `n=${step.n}`, `k=${step.k}`, `A:${transposition(step.rsA, step.csA)}`, `B:${transposition(step.rsB, step.csB)}`];
  if (step.batchSizes.length > 0) flags.push(`batch=${batches}`);
  return flags.join(' ');
}

/** How a matrix with these strides reads: N (row-major), T (column-major) or S (neither). */
export function transposition(rowStride: number, columnStride: number): 'N' | 'T' | 'S' {
  if (columnStride === 1) return 'N';
  if (rowStride === 1) return 'T';
  return 'S';
}
