// A compiled contraction: a plan run into caller-given buffers, checked per run or bound to them once.

import { type Storage, allocate, dtypeOf } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { EinsumError } from './einsum-error.js';
import { bindStep, executePlan } from './execute.js';
import type { Plan } from './plan.js';

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

/** The CompiledEinsum of a plan, with runOnTensors: the unchecked run the one-shot einsum() uses on tensors it has checked itself. */
export class CompiledPlan implements CompiledEinsum {
  readonly spec: string;
  readonly outputShape: readonly number[];
  /** The output's element count. */
  readonly outputSize: number;
  /** Each operand's element count. */
  readonly operandSizes: readonly number[];
  /** Operands, output, then scratch, by slot; operands and output are placed by each run and cleared after it. */
  private readonly slots: Storage[];
  private readonly unbound: Storage;

  constructor(readonly plan: Plan) {
    this.spec = plan.spec;
    this.outputShape = plan.outputShape;
    this.outputSize = sizeOf(plan.outputShape);
    this.operandSizes = plan.operandShapes.map(sizeOf);
    this.unbound = allocate(plan.dtype, 0);
    this.slots = [...plan.operandShapes.map(() => this.unbound), this.unbound, ...plan.scratch];
  }

  run(operands: readonly Storage[], out: Storage, accumulate = false): void {
    checkBuffers(this.plan, operands, out, this.operandSizes, this.outputSize, 'run()');
    const { slots } = this;
    const count = this.operandSizes.length;
    for (let t = 0; t < count; t++) slots[t] = operands[t];
    this.execute(out, accumulate);
  }

  /**
   * Overwrites `out` with the contraction of tensors of the plan's dtype and shapes (strided views are
   * read through a contiguous copy), without run()'s checks: the one-shot einsum() call, which has
   * checked the tensors' dtype and shapes and that `out` is apart from every operand it reads in place.
   */
  runOnTensors(operands: readonly Tensor[], out: Storage): void {
    const { slots } = this;
    const count = this.operandSizes.length;
    for (let t = 0; t < count; t++) slots[t] = rowMajorData(operands[t]);
    this.execute(out, false);
  }

  /** Runs the steps with the operands in their slots and `out` in its own; then empties those slots, so a cached plan keeps no buffer alive. */
  private execute(out: Storage, accumulate: boolean): void {
    const { slots } = this;
    const count = this.operandSizes.length;
    slots[count] = out;
    try {
      executePlan(this.plan.steps, slots, accumulate);
    } finally {
      for (let t = 0; t <= count; t++) slots[t] = this.unbound;
    }
  }

  bind(operands: readonly Storage[], out: Storage): BoundEinsum {
    checkBuffers(this.plan, operands, out, this.operandSizes, this.outputSize, 'bind()');
    const own = [...operands, out, ...this.plan.scratch];
    const steps = this.plan.steps.map((step) => ({ run: bindStep(step, own), intoOutput: step.intoOutput }));
    if (steps.length === 1) {
      const [{ run, intoOutput }] = steps;
      return (accumulate = false) => run(accumulate && intoOutput);
    }
    return (accumulate = false) => {
      for (const step of steps) step.run(accumulate && step.intoOutput);
    };
  }
}

/** The tensor's elements as a row-major array starting at element 0: its storage itself or a view when possible, else a copy. */
export function rowMajorData(t: Tensor): Storage {
  if (!t.isContiguous) return t.contiguous().data;
  if (t.offset === 0 && t.data.length === t.size) return t.data;
  return t.data.subarray(t.offset, t.offset + t.size);
}

function checkBuffers(plan: Plan, operands: readonly Storage[], out: Storage, operandSizes: readonly number[], outputSize: number, call: string): void {
  if (operands.length !== operandSizes.length) {
    throw new EinsumError(plan.spec, `compiled for ${operandSizes.length} operands; ${call} got ${operands.length}`);
  }
  for (let t = 0; t < operands.length; t++) checkBuffer(plan, `operand ${t}`, operands[t], operandSizes[t]);
  checkBuffer(plan, 'the output', out, outputSize);
  const overlapping = overlappedOperand(operands, operandSizes, out, outputSize);
  if (overlapping >= 0) throw new EinsumError(plan.spec, `the output overlaps operand ${overlapping} in memory; ${call} needs an output of its own`);
}

/**
 * The first operand whose elements share memory with the output's, or −1. A step may write the output
 * before it has read all of an operand: overlapping them would give wrong numbers, silently.
 */
function overlappedOperand(operands: readonly Storage[], operandSizes: readonly number[], out: Storage, outputSize: number): number {
  for (let t = 0; t < operands.length; t++) if (sharesMemory(operands[t], operandSizes[t], out, outputSize)) return t;
  return -1;
}

/** True when the first `aSize` elements of `a` and the first `bSize` of `b` share some memory. */
export function sharesMemory(a: Storage, aSize: number, b: Storage, bSize: number): boolean {
  if (a.buffer !== b.buffer || aSize === 0 || bSize === 0) return false;
  return a.byteOffset < b.byteOffset + bSize * b.BYTES_PER_ELEMENT && b.byteOffset < a.byteOffset + aSize * a.BYTES_PER_ELEMENT;
}

function checkBuffer(plan: Plan, what: string, data: Storage, size: number): void {
  // Storage is Float32Array | Float64Array; a plain array or another typed array would be read or written as if it were one.
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new EinsumError(plan.spec, `${what} is ${describeValue(data)}; einsum takes Float32Array or Float64Array buffers`);
  }
  if (dtypeOf(data) !== plan.dtype) throw new EinsumError(plan.spec, `${what} is ${dtypeOf(data)} but the plan was compiled for ${plan.dtype}`);
  if (data.length < size) throw new EinsumError(plan.spec, `${what} has ${data.length} elements; it needs ${size}`);
}

/** What a value passed where a buffer or tensor belongs is, for a message. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? `a ${value.constructor.name}` : `a ${typeof value}`;
}
