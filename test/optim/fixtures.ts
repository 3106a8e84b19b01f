// Shared inputs of the optimiser tests: a configuration builder, an allocator, and float64 reference updates.

import fc from 'fast-check';
import type { OptimizerConfig } from '../../src/optim/optimizer-config.js';

/** A configuration with PyTorch-like defaults, overridden by `changes`. */
export function optimConfig(changes: Partial<OptimizerConfig> = {}): OptimizerConfig {
  return {
    optimizer: 'sgd',
    lr: 0.1,
    momentum: 0.9,
    nesterov: false,
    weightDecay: 0,
    schedule: 'constant',
    stepSize: 10,
    gamma: 0.1,
    ...changes,
  };
}

/** An allocator that records what it handed out, as plain Float32Arrays. */
export function recordingAllocator(): { allocate: (name: string, length: number) => Float32Array; given: Map<string, Float32Array> } {
  const given = new Map<string, Float32Array>();
  const allocate = (name: string, length: number): Float32Array => {
    const buffer = new Float32Array(length);
    given.set(name, buffer);
    return buffer;
  };
  return { allocate, given };
}

/** One float32 value in [-10, 10]. */
const value = fc.double({ min: -10, max: 10, noNaN: true }).map(Math.fround);

/** A few steps of an optimiser problem: initial parameters and one gradient vector per step. */
export const problems = fc
  .record({ size: fc.integer({ min: 1, max: 6 }), steps: fc.integer({ min: 1, max: 5 }) })
  .chain(({ size, steps }) =>
    fc.record({
      params: fc.array(value, { minLength: size, maxLength: size }),
      grads: fc.array(fc.array(value, { minLength: size, maxLength: size }), { minLength: steps, maxLength: steps }),
      lr: fc.double({ min: 1e-4, max: 1, noNaN: true }),
      weightDecay: fc.constantFrom(0, 0.01, 0.5),
    }),
  );

/** The float64 reference of SGD with momentum μ (0: plain SGD) and L2 weight decay, as PyTorch writes it. */
export function referenceMomentum(
  params: number[],
  grads: number[][],
  lr: number,
  mu: number,
  nesterov: boolean,
  weightDecay: number,
): number[] {
  const p = params.slice();
  const v = p.map(() => 0);
  for (const g of grads) {
    for (let i = 0; i < p.length; i++) {
      const d = g[i] + weightDecay * p[i];
      v[i] = mu * v[i] + d;
      p[i] -= lr * (nesterov ? d + mu * v[i] : v[i]);
    }
  }
  return p;
}

/** The float64 reference of Adam (β1 0.9, β2 0.999, ε 1e-8, bias-corrected, L2 weight decay), as PyTorch writes it. */
export function referenceAdam(params: number[], grads: number[][], lr: number, weightDecay: number): number[] {
  const p = params.slice();
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  let t = 0;
  for (const g of grads) {
    t++;
    for (let i = 0; i < p.length; i++) {
      const d = g[i] + weightDecay * p[i];
      m[i] = 0.9 * m[i] + 0.1 * d;
      v[i] = 0.999 * v[i] + 0.001 * d * d;
      const mHat = m[i] / (1 - 0.9 ** t);
      const vHat = v[i] / (1 - 0.999 ** t);
      p[i] -= (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  return p;
}

/** Whether float32 results match a float64 reference to within float32 rounding over a few steps. */
export function closeTo(actual: ArrayLike<number>, expected: number[]): boolean {
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= 1e-5 * (1 + Math.abs(expected[i])))) return false;
  }
  return actual.length === expected.length;
}
