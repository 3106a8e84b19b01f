// The public einsum: a one-shot call on tensors, and compiled contractions that run into bound buffers.

import { type DType, type Storage, allocate, dtypeOf } from '../tensor/dtype.js';
import { checkShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { describePlan } from './describe.js';
import { EinsumError } from './einsum-error.js';
import { bindStep, executePlan } from './execute.js';
import { type Plan, type PlanOptions, planEinsum } from './plan.js';

/** A contraction compiled for fixed shapes and dtype; run() writes into `out` and allocates nothing. */
export interface CompiledEinsum {
  /** The spec in canonical numpy form (the blog's notation is normalised to it). */
  readonly spec: string;
  readonly outputShape: readonly number[];
  /** The steps, path and scratch this contraction runs with. */
  readonly plan: Plan;
  /**
   * Computes the contraction of `operands` (contiguous row-major, each starting at element 0) into `out`,
   * adding to what `out` holds when `accumulate` is true. `out` must not overlap an operand.
   */
  run(operands: readonly Storage[], out: Storage, accumulate?: boolean): void;
  /**
   * Binds `operands` and `out` (checked here, as run() checks them) for repeated runs: the returned
   * function computes the contraction into `out` (adding when `accumulate` is true) with nothing left
   * to check or look up. It reads the buffers as they are when it runs; they must stay where they are.
   */
  bind(operands: readonly Storage[], out: Storage): BoundEinsum;
}

/** A compiled contraction bound to its buffers (see CompiledEinsum.bind). */
export type BoundEinsum = (accumulate?: boolean) => void;

/**
 * How many keys the plan cache keeps (a plan is under one or two: as written and canonical). Past
 * this the least recently used go, so one-shot einsum() calls over ever new shapes cannot grow the
 * cache without end; a plan someone still holds keeps working. A float32 plan whose scratch lives in
 * the kernel memory arena stays: the arena cannot give that scratch back, and compiling the plan
 * again would take more. One-shot calls plan with plain scratch (see ScratchPlace), so only
 * compiled contractions, made to be run again, hold arena scratch.
 */
export const PLAN_CACHE_KEYS = 512;

const cache = new Map<string, CompiledEinsum>();

/** Compiles (or fetches from the cache) a plan for contiguous row-major operands of these shapes. */
export function compileEinsum(spec: string, shapes: readonly (readonly number[])[], dtype: DType, options: PlanOptions = {}): CompiledEinsum {
  if (typeof spec !== 'string') throw new EinsumError(String(spec), `the spec must be a string, got ${describe(spec)}`);
  // Before the cache key: '2' and 2 would write the same key, and a bad shape must not be cached for a good one.
  for (const shape of shapes) {
    if (!Array.isArray(shape)) throw new EinsumError(spec, `each shape must be an array of sizes, got ${describe(shape)}`);
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
  const compiled = cache.get(canonicalKey) ?? compiledFrom(plan);
  remember(canonicalKey, compiled);
  remember(key, compiled);
  return compiled;
}

/** Puts `key` last in the cache's order (a Map keeps insertion order), dropping the oldest droppable keys past PLAN_CACHE_KEYS. */
function remember(key: string, compiled: CompiledEinsum): void {
  cache.delete(key);
  cache.set(key, compiled);
  for (const [oldest, plan] of cache) {
    if (cache.size <= PLAN_CACHE_KEYS) break;
    if (!holdsArenaScratch(plan)) cache.delete(oldest);
  }
}

/** True when the plan's scratch was taken from the kernel memory arena (float32 intermediates; see scratch.ts). */
function holdsArenaScratch(compiled: CompiledEinsum): boolean {
  const { plan } = compiled;
  return plan.dtype === 'float32' && plan.scratchPlace === 'kernel' && plan.scratch.some((buffer) => buffer.length > 0);
}

/** Contracts `operands` as `spec` says, into a new contiguous tensor of their dtype. Operands may be strided views. */
export function einsum(spec: string, ...operands: Tensor[]): Tensor {
  if (operands.length === 0) throw new EinsumError(spec, 'no operands were given');
  for (const [t, operand] of operands.entries()) {
    if (!(operand instanceof Tensor)) throw new EinsumError(spec, `operand ${t} is ${describe(operand)}, not a Tensor (make one with tensor(data, shape))`);
  }
  const dtype = operands[0].dtype;
  for (const [t, operand] of operands.entries()) {
    if (operand.dtype !== dtype) throw new EinsumError(spec, `operand ${t} is ${operand.dtype} but operand 0 is ${dtype}; all operands must share one dtype`);
  }
  // A one-shot call's shapes may never come again: its scratch is plain memory, freed with the plan once the cache drops it.
  const compiled = compileEinsum(
    spec,
    operands.map((t) => t.shape),
    dtype,
    { scratch: 'plain' },
  );
  const out = allocate(dtype, sizeOf(compiled.outputShape));
  compiled.run(operands.map(rowMajorData), out);
  return new Tensor(out, compiled.outputShape);
}

/** A printable account of the plan for `spec` on these shapes: path and steps, with each step's kernel and flags. */
export function explainEinsum(spec: string, shapes: readonly (readonly number[])[], dtype: DType = 'float64', options: PlanOptions = {}): string {
  return describePlan(compileEinsum(spec, shapes, dtype, options).plan);
}

/** The tensor's elements as a row-major array starting at element 0: a view when possible, else a copy. */
function rowMajorData(t: Tensor): Storage {
  if (t.isContiguous) return t.data.subarray(t.offset, t.offset + t.size);
  return t.contiguous().data;
}

function compiledFrom(plan: Plan): CompiledEinsum {
  const operandCount = plan.operandShapes.length;
  const operandSizes = plan.operandShapes.map(sizeOf);
  const outputSize = sizeOf(plan.outputShape);
  // Operands and output are placed in their slots by each run; scratch stays bound for the plan's life.
  const unbound = allocate(plan.dtype, 0);
  const slots: Storage[] = [...plan.operandShapes.map(() => unbound), unbound, ...plan.scratch];
  return {
    spec: plan.spec,
    outputShape: plan.outputShape,
    plan,
    run(operands: readonly Storage[], out: Storage, accumulate = false): void {
      checkBuffers(plan, operands, out, operandSizes, outputSize, 'run()');
      for (let t = 0; t < operandCount; t++) slots[t] = operands[t];
      slots[operandCount] = out;
      executePlan(plan.steps, slots, accumulate);
    },
    bind(operands: readonly Storage[], out: Storage): BoundEinsum {
      checkBuffers(plan, operands, out, operandSizes, outputSize, 'bind()');
      const own = [...operands, out, ...plan.scratch];
      const steps = plan.steps.map((step) => ({ run: bindStep(step, own), intoOutput: step.intoOutput }));
      if (steps.length === 1) {
        const [{ run, intoOutput }] = steps;
        return (accumulate = false) => run(accumulate && intoOutput);
      }
      return (accumulate = false) => {
        for (const step of steps) step.run(accumulate && step.intoOutput);
      };
    },
  };
}

function checkBuffers(plan: Plan, operands: readonly Storage[], out: Storage, operandSizes: readonly number[], outputSize: number, call: string): void {
  if (operands.length !== operandSizes.length) {
    throw new EinsumError(plan.spec, `compiled for ${operandSizes.length} operands; ${call} got ${operands.length}`);
  }
  for (let t = 0; t < operands.length; t++) checkBuffer(plan, `operand ${t}`, operands[t], operandSizes[t]);
  checkBuffer(plan, 'the output', out, outputSize);
  // A step may write the output before it has read all of an operand: overlapping them would give wrong numbers, silently.
  const outEnd = out.byteOffset + outputSize * out.BYTES_PER_ELEMENT;
  for (let t = 0; t < operands.length; t++) {
    const operand = operands[t];
    const end = operand.byteOffset + operandSizes[t] * operand.BYTES_PER_ELEMENT;
    if (operand.buffer === out.buffer && operand.byteOffset < outEnd && out.byteOffset < end && operandSizes[t] > 0 && outputSize > 0) {
      throw new EinsumError(plan.spec, `the output overlaps operand ${t} in memory; ${call} needs an output of its own`);
    }
  }
}

function checkBuffer(plan: Plan, what: string, data: Storage, size: number): void {
  // Storage is Float32Array | Float64Array; a plain array or another typed array would be read or written as if it were one.
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new EinsumError(plan.spec, `${what} is ${describe(data)}; einsum takes Float32Array or Float64Array buffers`);
  }
  if (dtypeOf(data) !== plan.dtype) throw new EinsumError(plan.spec, `${what} is ${dtypeOf(data)} but the plan was compiled for ${plan.dtype}`);
  if (data.length < size) throw new EinsumError(plan.spec, `${what} has ${data.length} elements; it needs ${size}`);
}

/** What a value passed as a buffer is, for a message. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? `a ${value.constructor.name}` : `a ${typeof value}`;
}
