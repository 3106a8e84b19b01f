// The public einsum: a one-shot call on tensors, and compiled contractions (cached per spec and shapes) that run into given buffers.

import { allocateResult } from '../tensor/allocate-result.js';
import type { DType, Storage } from '../tensor/dtype.js';
import { checkShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { type CompiledEinsum, CompiledPlan, describeValue, rowMajorData, sharesMemory } from './compiled-einsum.js';
import { describePlan } from './describe.js';
import { EinsumError } from './einsum-error.js';
import { type PlanOptions, planEinsum } from './plan.js';

export type { BoundEinsum, CompiledEinsum } from './compiled-einsum.js';

/**
 * How many keys the plan cache keeps (a plan is under one or two: as written and canonical). Past
 * this the least recently used go, so one-shot einsum() calls over ever new shapes cannot grow the
 * cache without end; a plan someone still holds keeps working. A float32 plan whose scratch lives in
 * the kernel memory arena stays: the arena cannot give that scratch back, and compiling the plan
 * again would take more. One-shot calls plan with plain scratch (see ScratchPlace), so only
 * compiled contractions, made to be run again, hold arena scratch.
 */
export const PLAN_CACHE_KEYS = 512;

const cache = new Map<string, CompiledPlan>();

/** Compiles (or fetches from the cache) a plan for contiguous row-major operands of these shapes. */
export function compileEinsum(spec: string, shapes: readonly (readonly number[])[], dtype: DType, options: PlanOptions = {}): CompiledEinsum {
  return compiledPlan(spec, shapes, dtype, options);
}

/** compileEinsum, typed as the plan itself for this module's one-shot calls. */
function compiledPlan(spec: string, shapes: readonly (readonly number[])[], dtype: DType, options: PlanOptions): CompiledPlan {
  if (typeof spec !== 'string') throw new EinsumError(String(spec), `the spec must be a string, got ${describeValue(spec)}`);
  // Before the cache key: '2' and 2 would write the same key, and a bad shape must not be cached for a good one.
  for (const shape of shapes) {
    if (!Array.isArray(shape)) throw new EinsumError(spec, `each shape must be an array of sizes, got ${describeValue(shape)}`);
    checkShape(shape);
  }
  const binding = `${shapes.map((shape) => `[${shape.join(',')}]`).join('')}|${dtype}|${options.path ?? 'auto'}|${options.kernels ?? 'auto'}|${options.scratch ?? 'kernel'}`;
  const key = `${spec}|${binding}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    remember(key, cached);
    return cached;
  }
  const plan = planEinsum(spec, shapes, dtype, options);
  // Both notations of one contraction share one compiled plan, cached under the canonical spec too.
  const canonicalKey = `${plan.spec}|${binding}`;
  const compiled = cache.get(canonicalKey) ?? new CompiledPlan(plan);
  remember(canonicalKey, compiled);
  remember(key, compiled);
  return compiled;
}

/** Puts `key` last in the cache's order (a Map keeps insertion order), dropping the oldest droppable keys past PLAN_CACHE_KEYS. */
function remember(key: string, compiled: CompiledPlan): void {
  cache.delete(key);
  cache.set(key, compiled);
  for (const [oldest, plan] of cache) {
    if (cache.size <= PLAN_CACHE_KEYS) break;
    if (!holdsArenaScratch(plan)) cache.delete(oldest);
  }
}

/** True when the plan's scratch was taken from the kernel memory arena (float32 intermediates; see scratch.ts). */
function holdsArenaScratch(compiled: CompiledPlan): boolean {
  const { plan } = compiled;
  return plan.dtype === 'float32' && plan.scratchPlace === 'kernel' && plan.scratch.some((buffer) => buffer.length > 0);
}

/** Options of a one-shot einsum() call, passed after the operands. */
export interface EinsumOptions {
  /**
   * A contiguous tensor of the result's shape and dtype that receives the result (overwritten, not added
   * to) and is returned, in place of a new tensor: calls that reuse it allocate nothing for the result.
   * It must not share memory with an operand.
   */
  readonly out?: Tensor;
}

/**
 * Contracts `operands` as `spec` says, into a new contiguous tensor of their dtype, or into `out` when
 * the options after the operands give one. Operands may be strided views. numpy's `...` stands for
 * broadcast batch axes: `einsum('...ij,...jk->...ik', a, b)` multiplies matrices batch by batch.
 */
export function einsum(spec: string, ...operands: Tensor[]): Tensor;
export function einsum(spec: string, ...operandsThenOptions: [...operands: Tensor[], options: EinsumOptions]): Tensor;
export function einsum(spec: string, ...args: (Tensor | EinsumOptions)[]): Tensor {
  const options = optionsOf(args[args.length - 1]);
  const operands = options === undefined ? args : args.slice(0, -1);
  assertTensors(spec, operands);
  const dtype = sharedDtype(spec, operands);
  const compiled = oneShotPlan(spec, operands, dtype);
  const out = options?.out;
  if (out === undefined) {
    const result = allocateResult(dtype, compiled.outputSize);
    compiled.runOnTensors(operands, result);
    return new Tensor(result, compiled.outputShape);
  }
  compiled.runOnTensors(operands, outputData(compiled, out, operands));
  return out;
}

/** A printable account of the plan for `spec` on these shapes: path and steps, with each step's kernel and flags. */
export function explainEinsum(spec: string, shapes: readonly (readonly number[])[], dtype: DType = 'float64', options: PlanOptions = {}): string {
  return describePlan(compileEinsum(spec, shapes, dtype, options).plan);
}

/** The plan of the latest one-shot call, reused while calls repeat its spec, dtype and shapes (no cache key is built). */
let latest: { spec: string; dtype: DType; shapes: (readonly number[])[]; compiled: CompiledPlan } | undefined;

/** The plan a one-shot call runs: its scratch is plain memory, freed with the plan once the cache drops it (see ScratchPlace). */
function oneShotPlan(spec: string, operands: readonly Tensor[], dtype: DType): CompiledPlan {
  if (latest !== undefined && latest.spec === spec && latest.dtype === dtype && sameShapes(latest.shapes, operands)) return latest.compiled;
  const shapes = operands.map((t) => [...t.shape]);
  const compiled = compiledPlan(spec, shapes, dtype, { scratch: 'plain' });
  latest = { spec, dtype, shapes, compiled };
  return compiled;
}

function sameShapes(shapes: readonly (readonly number[])[], operands: readonly Tensor[]): boolean {
  if (shapes.length !== operands.length) return false;
  for (let t = 0; t < shapes.length; t++) if (!sameShape(shapes[t], operands[t].shape)) return false;
  return true;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let axis = 0; axis < a.length; axis++) if (a[axis] !== b[axis]) return false;
  return true;
}

/** `last` when it is an options object: a plain object with no key but `out`, not a Tensor. */
function optionsOf(last: Tensor | EinsumOptions | undefined): EinsumOptions | undefined {
  if (last === undefined || last instanceof Tensor || typeof last !== 'object' || last === null) return undefined;
  const prototype: unknown = Object.getPrototypeOf(last);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  for (const key in last) if (key !== 'out') return undefined;
  return last;
}

/** Throws an EinsumError naming the first operand that is not a Tensor, or saying there are none. */
function assertTensors(spec: string, operands: readonly unknown[]): asserts operands is readonly Tensor[] {
  if (operands.length === 0) throw new EinsumError(spec, 'no operands were given');
  for (let t = 0; t < operands.length; t++) {
    if (!(operands[t] instanceof Tensor)) throw new EinsumError(spec, `operand ${t} is ${describeValue(operands[t])}, not a Tensor (make one with tensor(data, shape))`);
  }
}

/** The operands' dtype; throws unless they share one. */
function sharedDtype(spec: string, operands: readonly Tensor[]): DType {
  const { dtype } = operands[0];
  for (let t = 1; t < operands.length; t++) {
    if (operands[t].dtype !== dtype) throw new EinsumError(spec, `operand ${t} is ${operands[t].dtype} but operand 0 is ${dtype}; all operands must share one dtype`);
  }
  return dtype;
}

/** The storage `out` receives the result in; throws unless it is a contiguous tensor of the result's dtype and shape, apart from the operands. */
function outputData(compiled: CompiledPlan, out: unknown, operands: readonly Tensor[]): Storage {
  const { spec, dtype } = compiled.plan;
  if (!(out instanceof Tensor)) throw new EinsumError(spec, `out is ${describeValue(out)}, not a Tensor`);
  if (out.dtype !== dtype) throw new EinsumError(spec, `out is ${out.dtype} but the operands are ${dtype}`);
  if (!sameShape(compiled.outputShape, out.shape)) {
    throw new EinsumError(spec, `out has shape [${out.shape.join(', ')}] but the result has shape [${compiled.outputShape.join(', ')}]`);
  }
  if (!out.isContiguous) throw new EinsumError(spec, 'out must be contiguous (row-major, as tensor() and zeros() make it)');
  const data = rowMajorData(out);
  // A strided operand is copied before the plan runs: only a contiguous one, read in place, must keep apart from out.
  for (let t = 0; t < operands.length; t++) {
    const operand = operands[t];
    if (operand.data.buffer === out.data.buffer && operand.isContiguous && sharesMemory(rowMajorData(operand), operand.size, data, out.size)) {
      throw new EinsumError(spec, `out shares memory with operand ${t}; the result needs an output of its own`);
    }
  }
  return data;
}
