// Lowering: which kernel each kind of step gets, with which flags, and that every lowering computes the naive result.

import { describe, expect, test } from 'vitest';
import { describeStep, transposition } from '../../src/einsum/describe.js';
import { compileEinsum, explainEinsum } from '../../src/einsum/einsum.js';
import { naiveEinsum } from '../../src/einsum/naive.js';
import { type PlanOptions, planEinsum } from '../../src/einsum/plan.js';
import type { GemmStep } from '../../src/einsum/step.js';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { absolute, closeness, randomTensor, toFloat64 } from './arbitraries.js';

/** The plan's steps, one line each, as `explain` prints them. */
function stepsOf(spec: string, shapes: number[][], options: PlanOptions = {}): string[] {
  const plan = planEinsum(spec, shapes, 'float64', options);
  return plan.steps.map((step) => describeStep(step, shapes.length));
}

/** Throws unless the compiled plan (float64 and float32) matches the naive contraction of the same random operands. */
function expectNaiveResult(spec: string, shapes: number[][], options: PlanOptions = {}): void {
  for (const dtype of ['float64', 'float32'] as const) {
    const random = new Random(shapes.flat().length);
    const operands = shapes.map((shape) => randomTensor(random, shape, dtype));
    const compiled = compileEinsum(spec, shapes, dtype, options);
    const size = compiled.outputShape.reduce((p, d) => p * d, 1);
    const out = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
    compiled.run(operands.map((t) => t.data), out);
    const reference = operands.map(toFloat64);
    const scale = naiveEinsum(spec, ...reference.map(absolute));
    const problem = closeness(new Tensor(out, compiled.outputShape), naiveEinsum(spec, ...reference), scale, dtype === 'float64' ? 1e-12 : 1e-5);
    expect(problem, `${spec} ${dtype}`).toBeNull();
  }
}

describe('GEMM lowering', () => {
  test.each([
    // spec, shapes, the one GEMM step expected (no copies)
    ['ij,jk->ik', [[5, 3], [3, 7]], 'gemm ij,jk->ik A=op0 B=op1 C=out m=5 n=7 k=3 A:N B:N'],
    ['ji,jk->ik', [[3, 5], [3, 7]], 'gemm ji,jk->ik A=op0 B=op1 C=out m=5 n=7 k=3 A:T B:N'],
    ['ij,kj->ik', [[5, 3], [7, 3]], 'gemm ij,kj->ik A=op0 B=op1 C=out m=5 n=7 k=3 A:N B:T'],
    ['ji,kj->ik', [[3, 5], [7, 3]], 'gemm ji,kj->ik A=op0 B=op1 C=out m=5 n=7 k=3 A:T B:T'],
    ['ij,jk->ki', [[5, 3], [3, 7]], 'gemm jk,ij->ki A=op1 B=op0 C=out m=7 n=5 k=3 A:T B:T'],
    ['ji,i->j', [[6, 4], [4]], 'gemm ji,i->j A=op0 B=op1 C=out m=6 n=1 k=4 A:N B:N'],
    ['i,ij->j', [[4], [4, 6]], 'gemm i,ij->j A=op0 B=op1 C=out m=1 n=6 k=4 A:N B:N'],
    ['i,i->', [[9], [9]], 'gemm i,i-> A=op0 B=op1 C=out m=1 n=1 k=9 A:N B:N'],
    ['bij,bjk->bik', [[2, 3, 4], [2, 4, 5]], 'gemm bij,bjk->bik A=op0 B=op1 C=out m=3 n=5 k=4 A:N B:N batch=2'],
    ['ibj,jbk->bik', [[3, 2, 4], [4, 2, 5]], 'gemm ibj,jbk->bik A=op0 B=op1 C=out m=3 n=5 k=4 A:N B:N batch=2'],
    ['ijk,klm->ijlm', [[2, 3, 4], [4, 5, 6]], 'gemm ijk,klm->ijlm A=op0 B=op1 C=out m=6 n=30 k=4 A:N B:N'],
    ['ijk,jkl->il', [[2, 3, 4], [3, 4, 5]], 'gemm ijk,jkl->il A=op0 B=op1 C=out m=2 n=5 k=12 A:N B:N'],
    ['nj,nl->jl', [[8, 3], [8, 5]], 'gemm nj,nl->jl A=op0 B=op1 C=out m=3 n=5 k=8 A:T B:N'],
    ['nj,jl->nl', [[8, 3], [3, 5]], 'gemm nj,jl->nl A=op0 B=op1 C=out m=8 n=5 k=3 A:N B:N'],
    ['ni,ji->nj', [[8, 3], [5, 3]], 'gemm ni,ji->nj A=op0 B=op1 C=out m=8 n=5 k=3 A:N B:T'],
    ['A *_(ji,jk,ik) B', [[3, 5], [3, 7]], 'gemm ji,jk->ik A=op0 B=op1 C=out m=5 n=7 k=3 A:T B:N'],
  ])('%s on %j is one GEMM with no copy: %s', (spec, shapes, expected) => {
    expect(stepsOf(spec, shapes)).toEqual([expected]);
    expectNaiveResult(spec, shapes);
  });

  test('a diagonal is read through summed strides, with no copy', () => {
    expect(stepsOf('iij,jk->ik', [[3, 3, 4], [4, 5]])).toEqual(['gemm ij,jk->ik A=op0 B=op1 C=out m=3 n=5 k=4 A:N B:N']);
    expectNaiveResult('iij,jk->ik', [[3, 3, 4], [4, 5]]);
    // Here the diagonal letter is the contracted one: neither of A's strides is 1.
    expect(stepsOf('jij,jk->ik', [[3, 4, 3], [3, 5]])).toEqual(['gemm ji,jk->ik A=op0 B=op1 C=out m=4 n=5 k=3 A:S B:N']);
    expectNaiveResult('jij,jk->ik', [[3, 4, 3], [3, 5]]);
  });

  test('contracted indices in orders that cannot merge are permuted into scratch first, then multiplied', () => {
    expect(stepsOf('ikj,jk->i', [[2, 3, 4], [4, 3]])).toEqual([
      'permute jk->kj op1 -> tmp0',
      'gemm ikj,kj->i A=op0 B=tmp0 C=out m=2 n=1 k=12 A:N B:N',
    ]);
    expectNaiveResult('ikj,jk->i', [[2, 3, 4], [4, 3]]);
  });

  test('an output the GEMM cannot write directly is computed in scratch and permuted into place', () => {
    const steps = stepsOf('ij,jkl->kil', [[2, 3], [3, 4, 5]]);
    expect(steps).toEqual(['gemm ij,jkl->ikl A=op0 B=op1 C=tmp0 m=2 n=20 k=3 A:N B:N', 'permute ikl->kil tmp0 -> out']);
    expectNaiveResult('ij,jkl->kil', [[2, 3], [3, 4, 5]]);
  });

  test('an index held by one operand alone is summed out before the product', () => {
    expect(stepsOf('ij,jk->k', [[2, 3], [3, 4]])).toEqual(['reduce ij->j op0 -> tmp0', 'gemm j,jk->k A=tmp0 B=op1 C=out m=1 n=4 k=3 A:N B:N']);
    expectNaiveResult('ij,jk->k', [[2, 3], [3, 4]]);
  });

  test('a chain of three products keeps intermediates in scratch in GEMM order', () => {
    expect(stepsOf('ij,jk,kl->il', [[2, 30], [30, 40], [40, 3]])).toEqual([
      'gemm ij,jk->ik A=op0 B=op1 C=tmp0 m=2 n=40 k=30 A:N B:N',
      'gemm ik,kl->il A=tmp0 B=op2 C=out m=2 n=3 k=40 A:N B:N',
    ]);
    expectNaiveResult('ij,jk,kl->il', [[2, 30], [30, 40], [40, 3]]);
  });

  test('odd sizes (1, primes, one past a multiple of 4) give the naive result through every transpose variant', () => {
    for (const [m, n, k] of [[1, 1, 1], [1, 7, 5], [13, 1, 17], [5, 9, 1], [17, 13, 11], [33, 5, 9]]) {
      for (const spec of ['ij,jk->ik', 'ji,jk->ik', 'ij,kj->ik', 'ji,kj->ik', 'ij,jk->ki']) {
        const shapes = [spec.startsWith('ij') ? [m, k] : [k, m], spec.includes(',jk') ? [k, n] : [n, k]];
        expectNaiveResult(spec, shapes);
      }
    }
  });
});

describe('other kernels', () => {
  test.each([
    ['ij,ij->ij', [[3, 4], [3, 4]], ['broadcast ij,ij->ij op0 * op1 -> out']],
    ['i,j->ij', [[3], [4]], ['broadcast i,j->ij op0 * op1 -> out']],
    ['i,ij->ij', [[3], [3, 4]], ['broadcast i,ij->ij op0 * op1 -> out']],
    ['ni,ni->ni', [[5, 3], [5, 3]], ['broadcast ni,ni->ni op0 * op1 -> out']],
    ['ij,ij->ji', [[3, 4], [3, 4]], ['broadcast ij,ij->ji op0 * op1 -> out']],
    [',->', [[], []], ['broadcast ,-> op0 * op1 -> out']],
  ])('%s (nothing summed) is a broadcast product', (spec, shapes, expected) => {
    expect(stepsOf(spec, shapes)).toEqual(expected);
    expectNaiveResult(spec, shapes);
  });

  test.each([
    ['ij->ji', [[3, 4]], ['sum ij->ji op0 -> out']],
    ['ii->i', [[4, 4]], ['sum i->i op0 -> out']],
    ['ii->', [[4, 4]], ['sum i-> op0 -> out']],
    ['ij->', [[3, 4]], ['sum ij-> op0 -> out']],
    ['nj->j', [[5, 4]], ['sum nj->j op0 -> out']],
    ['iji->j', [[3, 4, 3]], ['sum ij->j op0 -> out']],
    ['ij', [[3, 4]], ['sum ij->ij op0 -> out']],
  ])('the single-operand spec %s is one strided sum', (spec, shapes, expected) => {
    expect(stepsOf(spec, shapes)).toEqual(expected);
    expectNaiveResult(spec, shapes);
  });

  test('the strided fallback, when forced, computes every pairwise step (the intermediate goes to the end of the list)', () => {
    expect(stepsOf('ij,jk,kl->il', [[2, 3], [3, 4], [4, 5]], { kernels: 'strided' })).toEqual([
      'strided ij,jk->ik op0 * op1 -> tmp0',
      'strided kl,ik->il op2 * tmp0 -> out',
    ]);
    expectNaiveResult('ij,jk,kl->il', [[2, 3], [3, 4], [4, 5]], { kernels: 'strided' });
  });

  test('a step with an index of size 0 takes the strided fallback and writes zeros', () => {
    expect(stepsOf('ij,jk->ik', [[2, 0], [0, 3]])).toEqual(['strided ij,jk->ik op0 * op1 -> out']);
    expectNaiveResult('ij,jk->ik', [[2, 0], [0, 3]]);
  });
});

describe('plans', () => {
  test('explain prints the spec, shapes, path and one line per step', () => {
    expect(explainEinsum('A *_(ij,jk,ki) B', [[2, 3], [3, 4]])).toBe(
      ['einsum ij,jk->ki (float64) shapes [2,3] [3,4] -> [4,2]', 'path (0,1)', '1. gemm jk,ij->ki A=op1 B=op0 C=out m=4 n=2 k=3 A:T B:T'].join('\n'),
    );
  });

  test('transposition flags name row-major (N), column-major (T) and general strides (S)', () => {
    expect([transposition(7, 1), transposition(1, 7), transposition(7, 3)]).toEqual(['N', 'T', 'S']);
  });

  test('float32 scratch is a view of kernel memory, so GEMMs on intermediates copy nothing', () => {
    const plan = compileEinsum('ij,jk,kl->il', [[2, 30], [30, 40], [40, 3]], 'float32').plan;
    expect(plan.scratch.length).toBe(1);
    expect(plan.scratch[0]).toBeInstanceOf(Float32Array);
    expect(KernelMemory.current().owns(plan.scratch[0])).toBe(true);
    const step = plan.steps.find((s): s is GemmStep => s.kind === 'gemm');
    expect(step?.intoOutput).toBe(false);
  });
});
