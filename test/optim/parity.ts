// Shared rig of the kernel-parity tests: one optimiser over kernel memory, its twin over plain arrays, equal inputs.

import fc from 'fast-check';
import { expect, vi } from 'vitest';
import type { KernelMemory } from '../../src/kernels/kernel-memory.js';
import type { Allocate, Optimizer } from '../../src/optim/optimizer.js';
import { Random } from '../../src/tensor/random.js';

/** One parity case: sizes, offsets, hyper-parameters and the seed of every value. */
export interface ParityCase {
  /** Parameters; 0..300, so that every tail length n % 4 comes up. */
  n: number;
  /** Floats past a 128-byte boundary at which each buffer starts: params, grads, then the state buffers. */
  shifts: number[];
  /** The learning rate of each step (it changes between steps, as a schedule does). */
  lrs: number[];
  weightDecay: number;
  /** Momentum's μ (other optimisers ignore it). */
  mu: number;
  seed: number;
}

/** Parity cases of 1 to 4 steps. */
export const parityCases: fc.Arbitrary<ParityCase> = fc.record({
  n: fc.nat(300),
  shifts: fc.array(fc.nat(3), { minLength: 4, maxLength: 4 }),
  lrs: fc.array(fc.double({ min: 1e-5, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
  weightDecay: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
  mu: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.999, noNaN: true })),
  seed: fc.nat(),
});

/** A value of either sign: a standard normal, or a magnitude anywhere from 2^-140 (subnormal) to 2^20, or zero. */
function randomValue(random: Random): number {
  const kind = random.nextInt(8);
  if (kind === 0) return 0;
  if (kind < 4) return random.nextNormal();
  const sign = random.nextInt(2) === 0 ? -1 : 1;
  return sign * (1 + random.nextFloat()) * 2 ** (random.nextInt(161) - 140);
}

/** The same values, as float32, into both arrays (absolute values when `nonNegative`, as Adam's v needs). */
function fillBoth(a: Float32Array, b: Float32Array, random: Random, nonNegative: boolean): void {
  for (let i = 0; i < a.length; i++) {
    const value = randomValue(random);
    a[i] = nonNegative ? Math.abs(value) : value;
    b[i] = a[i];
  }
}

/** Twin buffers and optimisers: `kernel` over kernel memory (the wasm path), `plain` over ordinary arrays (the TypeScript loop). */
export class ParityRig {
  readonly params: { kernel: Float32Array; plain: Float32Array };
  readonly grads: { kernel: Float32Array; plain: Float32Array };
  private readonly random: Random;
  private nextShift = 2;

  constructor(
    private readonly memory: KernelMemory,
    private readonly c: ParityCase,
  ) {
    this.random = new Random(c.seed);
    this.params = { kernel: this.kernelView(c.n, c.shifts[0]), plain: new Float32Array(c.n) };
    this.grads = { kernel: this.kernelView(c.n, c.shifts[1]), plain: new Float32Array(c.n) };
    fillBoth(this.params.kernel, this.params.plain, this.random, false);
  }

  /** The allocator of the optimiser under test: views of kernel memory at the case's next shifts. */
  readonly allocateKernel = (_name: string, length: number): Float32Array => {
    const shift = this.c.shifts[this.nextShift];
    this.nextShift++;
    return this.kernelView(length, shift);
  };

  /** The allocator of the reference optimiser: plain arrays. */
  readonly allocatePlain = (_name: string, length: number): Float32Array => new Float32Array(length);

  /** Gives both optimisers the same random state (as after a resume): v, Adam's second moment, stays ≥ 0. */
  fillState(kernel: Optimizer, plain: Optimizer): void {
    const reference = plain.state().buffers;
    for (const [name, buffer] of Object.entries(kernel.state().buffers)) fillBoth(buffer, reference[name], this.random, name === 'v');
  }

  /** Writes a fresh random gradient into both twins. */
  nextGradients(): void {
    fillBoth(this.grads.kernel, this.grads.plain, this.random, false);
  }

  private kernelView(length: number, shift: number): Float32Array {
    return this.memory.f32(this.memory.alloc(4 * (length + 4)) + 4 * shift, length);
  }
}

/** The raw bits of float32 values, so that equality distinguishes −0 from +0 and every rounding. */
export function bits(values: Float32Array): number[] {
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
}

/** The bits of every state buffer, by name. */
export function stateBits(optimizer: Optimizer): Record<string, number[]> {
  return Object.fromEntries(Object.entries(optimizer.state().buffers).map(([name, buffer]) => [name, bits(buffer)]));
}

/**
 * Builds the optimiser twice with `make` (over kernel memory and over plain arrays), gives both the same
 * state, and runs the case's steps: after each, the parameters and the state must have the same bits,
 * and the kernel `kernel` must have done the kernel-memory twin's step.
 */
export function expectParity(
  memory: KernelMemory,
  c: ParityCase,
  kernel: 'sgd_f32' | 'momentum_f32' | 'adam_f32',
  make: (allocate: Allocate) => Optimizer,
): void {
  const mark = memory.mark();
  const spy = vi.spyOn(memory.kernels, kernel);
  try {
    const rig = new ParityRig(memory, c);
    const wasm = make(rig.allocateKernel);
    const loop = make(rig.allocatePlain);
    rig.fillState(wasm, loop);
    for (const lr of c.lrs) {
      rig.nextGradients();
      wasm.step(rig.params.kernel, rig.grads.kernel, lr);
      loop.step(rig.params.plain, rig.grads.plain, lr);
      expect(bits(rig.params.kernel)).toEqual(bits(rig.params.plain));
      expect(stateBits(wasm)).toEqual(stateBits(loop));
    }
    expect(spy).toHaveBeenCalledTimes(c.lrs.length);
  } finally {
    spy.mockRestore();
    memory.release(mark);
  }
}
