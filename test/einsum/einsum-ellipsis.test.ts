// Properties of einsum with numpy's ellipsis and broadcasting: the laws of einsum.test.ts, over batch axes.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EinsumError } from '../../src/einsum/einsum-error.js';
import { einsum, explainEinsum } from '../../src/einsum/einsum.js';
import { naiveEinsum } from '../../src/einsum/naive.js';
import type { PathStrategyName } from '../../src/einsum/path.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { fcOptions } from '../support/fc.js';
import { absolute, closeness, ellipsisCase, ellipsisOperands, randomTensor, runCompiled, toFloat64, writtenOut } from './arbitraries.js';

const STRATEGIES: readonly PathStrategyName[] = ['optimal', 'greedy', 'naive'];

/** A coefficient in [−2, 2] on a 1/64 grid: no underflow to blur the comparison. */
const coefficient = fc.integer({ min: -128, max: 128 }).map((n) => n / 64);

describe('einsum with an ellipsis against contractions written out by hand', () => {
  test("an ellipsis spec equals its written-out spec on operands broadcast to full size (numpy's broadcasting)", () => {
    fc.assert(
      fc.property(ellipsisCase(), (c) => {
        const operands = ellipsisOperands(c);
        const { spec, views } = writtenOut(c, operands);
        const expected = naiveEinsum(spec, ...views);
        const scale = naiveEinsum(spec, ...views.map(absolute));
        const problem = closeness(einsum(c.spec, ...operands), expected, scale, 1e-12);
        if (problem !== null) throw new Error(`${c.spec} on ${JSON.stringify(c.shapes)} (written out: ${spec}): ${problem}\n${explainEinsum(c.spec, c.shapes)}`);
      }),
      fcOptions(200),
    );
  });

  test('the naive oracle reads an ellipsis spec as its written-out spec, bit for bit', () => {
    fc.assert(
      fc.property(ellipsisCase(), (c) => {
        const operands = ellipsisOperands(c);
        const { spec, views } = writtenOut(c, operands);
        expect(naiveEinsum(c.spec, ...operands).toArray()).toEqual(naiveEinsum(spec, ...views).toArray());
      }),
      fcOptions(100),
    );
  });

  // opt_einsum's ellipsis cases (tests/test_input.py), on its sizes: '...' over axes of 5 and 4, a = 2, b = 3.
  test.each([
    ['...a->...', [[5, 4, 2]], 'ija->ij'],
    ['a...->...', [[2, 5, 4]], 'aij->ij'],
    ['a...a->...a', [[2, 5, 4, 2]], 'aija->ija'],
    ['...,...', [[5, 4], [5, 4]], 'ij,ij->ij'],
    ['...a,...b', [[5, 4, 2], [5, 4, 3]], 'ija,ijb->ijab'],
    ['...a', [[5, 4, 2]], 'ija->ija'],
    ['...a->...a', [[5, 4, 2]], 'ija->ija'],
    ['...b,...a->...', [[5, 4, 3], [5, 4, 2]], 'ijb,ija->ij'],
    ['...ij,...jk->...ik', [[3, 5, 4, 2], [3, 5, 2, 6]], 'xyij,xyjk->xyik'],
  ])("opt_einsum's %s on %j equals %s", (spec, shapes, letters) => {
    const random = new Random(shapes.flat().length);
    const operands = shapes.map((shape) => randomTensor(random, shape));
    const scale = naiveEinsum(letters, ...operands.map(absolute));
    expect(closeness(einsum(spec, ...operands), naiveEinsum(letters, ...operands), scale, 1e-12)).toBeNull();
  });

  test('size-1 axes broadcast, batch and named alike, as in numpy (opt_einsum: singleton dimensions broadcast)', () => {
    const ones = (shape: number[]): Tensor => tensor(new Float64Array(shape.reduce((p, d) => p * d, 1)).fill(1), shape);
    expect(einsum('ij,ij->j', ones([10, 2]), ones([1, 2])).toArray()).toEqual([10, 10]);
    const p = ones([1, 5]);
    expect(einsum('...ij,...jk->...ik', p, p).toArray()).toEqual([5, 5, 5, 5, 5]);
    expect(einsum('...ij,...jk->...ik', p, ones([5, 5])).toArray()).toEqual([5, 5, 5, 5, 5]);
    // Missing leading axes and size-1 ones: [2, 1, 3, 4] · [5, 4, 6] is [2, 5, 3, 6].
    expect(einsum('...ij,...jk->...ik', ones([2, 1, 3, 4]), ones([5, 4, 6])).shape).toEqual([2, 5, 3, 6]);
  });

  test('a batched matrix product lowers to one batched GEMM over the written-out batch letter', () => {
    expect(explainEinsum('...ij,...jk->...ik', [[7, 2, 3], [7, 3, 4]], 'float32').split('\n')).toEqual([
      'einsum ...ij,...jk->...ik (float32) shapes [7,2,3] [7,3,4] -> [7,2,4]',
      'as Zij,Zjk->Zik',
      'path (0,1)',
      '1. gemm Zij,Zjk->Zik A=op0 B=op1 C=out m=2 n=4 k=3 A:N B:N batch=7',
    ]);
  });

  test('shapes that do not broadcast are refused in one line naming the ellipsis', () => {
    const call = (): Tensor => einsum('...ij,...jk->...ik', tensor(new Float64Array(24), [2, 3, 4]), tensor(new Float64Array(60), [3, 4, 5]));
    expect(call).toThrow(EinsumError);
    expect(call).toThrow("the ellipsis '...' has size 2 in operand 0 axis 0 but size 3 in operand 1 axis 0 (sizes broadcast only when equal or 1)");
  });
});

describe('einsum laws with an ellipsis', () => {
  test('any contraction path and any kernel class equals the naive contraction (float64, rtol 1e-12)', () => {
    fc.assert(
      fc.property(ellipsisCase(), (c) => {
        const operands = ellipsisOperands(c);
        const expected = naiveEinsum(c.spec, ...operands);
        const scale = naiveEinsum(c.spec, ...operands.map(absolute));
        for (const path of STRATEGIES) {
          for (const kernels of ['auto', 'strided'] as const) {
            const problem = closeness(runCompiled(c.spec, operands, { path, kernels }), expected, scale, 1e-12);
            if (problem !== null) throw new Error(`${c.spec} on ${JSON.stringify(c.shapes)} path=${path} kernels=${kernels}: ${problem}`);
          }
        }
      }),
      fcOptions(100),
    );
  });

  test('any contraction path in float32 is within 1e-5 (relative) of the float64 naive contraction', () => {
    fc.assert(
      fc.property(ellipsisCase(), (c) => {
        const operands = ellipsisOperands(c, 'float32');
        const reference = operands.map(toFloat64);
        const expected = naiveEinsum(c.spec, ...reference);
        const scale = naiveEinsum(c.spec, ...reference.map(absolute));
        for (const path of STRATEGIES) {
          const problem = closeness(runCompiled(c.spec, operands, { path }), expected, scale, 1e-5);
          if (problem !== null) throw new Error(`${c.spec} on ${JSON.stringify(c.shapes)} path=${path}: ${problem}`);
        }
      }),
      fcOptions(80),
    );
  });

  test('einsum is linear in each operand: f(αX + βY, …) = α f(X, …) + β f(Y, …)', () => {
    fc.assert(
      fc.property(ellipsisCase(), fc.nat(), coefficient, coefficient, (c, pick, alpha, beta) => {
        const operands = ellipsisOperands(c);
        const t = pick % operands.length;
        const x = operands[t];
        const y = randomTensor(new Random(c.seed + 1), x.shape);
        const mixed = new Tensor(Float64Array.from(x.data, (v, i) => alpha * v + beta * y.data[i]), x.shape);
        const withX = einsum(c.spec, ...operands);
        const withY = einsum(c.spec, ...operands.map((o, u) => (u === t ? y : o))).toArray();
        const combined = new Tensor(Float64Array.from(withX.toArray(), (v, i) => alpha * v + beta * withY[i]), withX.shape);
        const bound = (Math.abs(alpha) + Math.abs(beta)) * 4;
        const scale = naiveEinsum(c.spec, ...operands.map((o, u) => (u === t ? new Tensor(Float64Array.from(x.data, () => bound), x.shape) : absolute(o))));
        expect(closeness(einsum(c.spec, ...operands.map((o, u) => (u === t ? mixed : o))), combined, scale, 1e-12)).toBeNull();
      }),
      fcOptions(60),
    );
  });

  test('renaming the bound indices by a bijection on letters gives bitwise-identical results', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    fc.assert(
      fc.property(
        ellipsisCase().filter((c) => c.output !== null),
        fc.shuffledSubarray([...alphabet], { minLength: 52, maxLength: 52 }),
        (c, image) => {
          const renamed = [...c.spec].map((ch) => (alphabet.includes(ch) ? image[alphabet.indexOf(ch)] : ch)).join('');
          const operands = ellipsisOperands(c);
          expect(einsum(renamed, ...operands).toArray()).toEqual(einsum(c.spec, ...operands).toArray());
        },
      ),
      fcOptions(60),
    );
  });
});
