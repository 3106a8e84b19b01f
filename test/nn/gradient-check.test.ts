// The network's gradient check: it passes on any small correct network (class labels or numeric targets), compares what it says, and catches a wrong gradient.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GRADCHECK_TOLERANCE } from '../../src/nn/error-meter.js';
import { chooseIndices, gradientCheck } from '../../src/nn/gradient-check.js';
import type { NetworkSpec } from '../../src/nn/network.js';
import { parameterLayout } from '../../src/nn/parameters.js';
import { Random } from '../../src/tensor/random.js';
import type { LossName } from '../../src/nn/losses/losses.js';
import type { ActivationName } from '../../src/ops/activations.js';
import { valueTargets } from '../../src/nn/targets.js';
import { fcOptions } from '../support/fc.js';

const hidden: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity'];
/** Output layers and losses, with the targets each is checked on (numeric ones for regression) and Huber's δ. */
const heads: { output: ActivationName; loss: LossName; numeric: boolean; huberDelta?: number }[] = [
  { output: 'softmax', loss: 'cross-entropy', numeric: false },
  { output: 'sigmoid', loss: 'mse', numeric: false },
  { output: 'identity', loss: 'sse', numeric: false },
  { output: 'identity', loss: 'mse', numeric: true },
  { output: 'tanh', loss: 'sse', numeric: true },
  { output: 'identity', loss: 'mae', numeric: true },
  { output: 'leaky-relu', loss: 'mae', numeric: true },
  { output: 'identity', loss: 'huber', numeric: true },
  { output: 'identity', loss: 'huber', numeric: true, huberDelta: 0.3 },
  { output: 'sigmoid', loss: 'huber', numeric: true, huberDelta: 2.5 },
];

/** A small network with random parameters and a random batch, from one seed. */
function smallCase(widths: number[], activation: ActivationName, head: (typeof heads)[number], rows: number, seed: number) {
  const spec: NetworkSpec = { widths, activation, output: head.output, loss: head.loss, huberDelta: head.huberDelta };
  const random = new Random(seed);
  const params = Float64Array.from({ length: parameterLayout(widths).count }, () => random.nextNormal() * 0.7);
  const inputs = Float64Array.from({ length: rows * widths[0] }, () => random.nextNormal());
  const outputs = widths[widths.length - 1];
  const targets = head.numeric
    ? valueTargets(Float32Array.from({ length: rows * outputs }, () => 1.5 * random.nextNormal()))
    : Int32Array.from({ length: rows }, () => random.nextInt(outputs));
  return { spec, params, inputs, targets, random };
}

const arbCase = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
  activation: fc.constantFrom(...hidden),
  head: fc.constantFrom(...heads),
  rows: fc.integer({ min: 1, max: 3 }),
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
});

describe('gradientCheck', () => {
  it('backward equals central differences of the mean loss for any small network, on class labels or numeric targets: every tensor passes', () => {
    fc.assert(
      fc.property(arbCase, ({ widths, activation, head, rows, seed }) => {
        const c = smallCase(widths, activation, head, rows, seed);
        const summaries = gradientCheck({ ...c, perTensor: 1000, tolerance: GRADCHECK_TOLERANCE });
        expect(summaries.filter((s) => !s.passed)).toEqual([]);
      }),
      fcOptions(100),
    );
  });

  it('names each tensor as checkpoints do, with its shape, and leaves the parameters as they were', () => {
    const c = smallCase([3, 4, 2], 'tanh', heads[0], 2, 1);
    const before = c.params.slice();
    const summaries = gradientCheck({ ...c, perTensor: 5, tolerance: GRADCHECK_TOLERANCE });
    expect(summaries.map((s) => [s.name, s.shape, s.checked])).toEqual([
      ['layers.0.weight', [4, 3], 5],
      ['layers.0.bias', [4], 4],
      ['layers.1.weight', [2, 4], 5],
      ['layers.1.bias', [2], 2],
    ]);
    expect(c.params).toEqual(before);
  });

  it('a step too large for a curved loss is caught: the check is not vacuous', () => {
    const c = smallCase([3, 4, 2], 'sigmoid', heads[1], 2, 5);
    const summaries = gradientCheck({ ...c, perTensor: 1000, tolerance: { step: 3, atol: 1e-5, rtol: 1e-3 } });
    expect(summaries.some((s) => !s.passed)).toBe(true);
  });
});

describe('chooseIndices', () => {
  it('gives count distinct indices in [0, size), ascending, or all of them when size ≤ count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 50 }), fc.integer(), (size, count, seed) => {
        const chosen = Array.from(chooseIndices(size, count, new Random(seed)));
        expect(chosen).toHaveLength(Math.min(size, count));
        for (let i = 0; i < chosen.length; i++) {
          expect(chosen[i]).toBeGreaterThanOrEqual(i === 0 ? 0 : chosen[i - 1] + 1);
          expect(chosen[i]).toBeLessThan(size);
        }
      }),
      fcOptions(200),
    );
  });
});
