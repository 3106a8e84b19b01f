// Properties of the public einsum: every plan equals the naive contraction, and einsum's algebraic laws hold.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EinsumError } from '../../src/einsum/einsum-error.js';
import { PLAN_CACHE_KEYS, compileEinsum, einsum, explainEinsum } from '../../src/einsum/einsum.js';
import { naiveEinsum } from '../../src/einsum/naive.js';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import type { Storage } from '../../src/tensor/dtype.js';
import type { PathStrategyName } from '../../src/einsum/path.js';
import type { PlanOptions } from '../../src/einsum/plan.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor, tensor, zeros } from '../../src/tensor/tensor.js';
import { fcOptions } from '../support/fc.js';
import { type EinsumCase, absolute, closeness, einsumCase, operandsOf, randomTensor, runCompiled, shapesOf, specOf, toFloat64 } from './arbitraries.js';

/** A coefficient in [−2, 2] on a 1/64 grid: no underflow to blur the comparison. */
const coefficient = fc.integer({ min: -128, max: 128 }).map((n) => n / 64);

const STRATEGIES: readonly PathStrategyName[] = ['optimal', 'greedy', 'naive'];
const KERNELS = ['auto', 'strided'] as const;

describe('einsum against the naive contraction', () => {
  test('any contraction path and any kernel class equals the naive contraction (float64, rtol 1e-12)', () => {
    fc.assert(
      fc.property(einsumCase(), (c) => {
        const spec = specOf(c);
        const operands = operandsOf(c);
        const expected = naiveEinsum(spec, ...operands);
        const scale = naiveEinsum(spec, ...operands.map(absolute));
        for (const path of STRATEGIES) {
          for (const kernels of KERNELS) {
            const problem = closeness(runCompiled(spec, operands, { path, kernels }), expected, scale, 1e-12);
            if (problem !== null) throw new Error(`${spec} path=${path} kernels=${kernels}: ${problem}\n${explainEinsum(spec, shapesOf(c), 'float64', { path, kernels })}`);
          }
        }
      }),
      fcOptions(150),
    );
  });

  test('any contraction path in float32 is within 1e-5 (relative) of the float64 naive contraction of the same numbers', () => {
    fc.assert(
      fc.property(einsumCase(), (c) => {
        const spec = specOf(c);
        const operands = operandsOf(c, 'float32');
        const reference = operands.map(toFloat64);
        const expected = naiveEinsum(spec, ...reference);
        const scale = naiveEinsum(spec, ...reference.map(absolute));
        for (const path of STRATEGIES) {
          const actual = runCompiled(spec, operands, { path });
          expect(actual.dtype).toBe('float32');
          const problem = closeness(actual, expected, scale, 1e-5);
          if (problem !== null) throw new Error(`${spec} path=${path}: ${problem}`);
        }
      }),
      fcOptions(100),
    );
  });

  test('einsum on strided views (transposed, offset) equals the naive contraction of the same views', () => {
    fc.assert(
      fc.property(einsumCase(1, 3), (c) => {
        const spec = specOf(c);
        // Each operand becomes a reversed-axes view of a buffer holding its transpose, one element in.
        const views = operandsOf(c).map((t) => {
          const reversed = [...t.shape].reverse();
          const buffer = new Float64Array(t.size + 1);
          buffer.set(naiveEinsum(`${'abcd'.slice(0, t.rank)}->${[...'abcd'.slice(0, t.rank)].reverse().join('')}`, t).data, 1);
          const strides = new Tensor(buffer.subarray(1), reversed).strides;
          return new Tensor(buffer, t.shape, [...strides].reverse(), 1);
        });
        const expected = naiveEinsum(spec, ...views);
        const scale = naiveEinsum(spec, ...views.map(absolute));
        expect(closeness(einsum(spec, ...views), expected, scale, 1e-12)).toBeNull();
      }),
      fcOptions(60),
    );
  });
});

describe('einsum laws', () => {
  test("the blog's *_(s1,s2,s3) notation and numpy's s1,s2->s3 give bitwise-identical results and one plan", () => {
    fc.assert(
      fc.property(einsumCase(2, 2), (c) => {
        const operands = operandsOf(c);
        const blog = `A *_(${c.inputs[0]}, ${c.inputs[1]}, ${c.output}) B`;
        expect(einsum(blog, ...operands).toArray()).toEqual(einsum(specOf(c), ...operands).toArray());
        expect(compileEinsum(blog, shapesOf(c), 'float64')).toBe(compileEinsum(specOf(c), shapesOf(c), 'float64'));
      }),
      fcOptions(60),
    );
  });

  test('relabelling indices by a bijection on letters gives bitwise-identical results', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    fc.assert(
      fc.property(einsumCase(), fc.shuffledSubarray([...alphabet], { minLength: 52, maxLength: 52 }), (c, image) => {
        const rename = (group: string): string => [...group].map((l) => image[alphabet.indexOf(l)]).join('');
        const renamed = `${c.inputs.map(rename).join(',')}->${rename(c.output)}`;
        const operands = operandsOf(c);
        expect(einsum(renamed, ...operands).toArray()).toEqual(einsum(specOf(c), ...operands).toArray());
      }),
      fcOptions(60),
    );
  });

  test('swapping operands together with their index groups changes nothing (up to rounding)', () => {
    fc.assert(
      fc.property(einsumCase(2, 4), fc.integer({ min: 0, max: 0x7fffffff }), (c, seed) => {
        const operands = operandsOf(c);
        const order = Array.from(new Random(seed).permutation(c.inputs.length));
        const swapped = `${order.map((t) => c.inputs[t]).join(',')}->${c.output}`;
        const expected = einsum(specOf(c), ...operands);
        const scale = naiveEinsum(specOf(c), ...operands.map(absolute));
        expect(closeness(einsum(swapped, ...order.map((t) => operands[t])), expected, scale, 1e-12)).toBeNull();
      }),
      fcOptions(60),
    );
  });

  test('einsum is linear in each operand: f(αX + βY, …) = α f(X, …) + β f(Y, …)', () => {
    fc.assert(
      fc.property(einsumCase(1, 4), fc.nat(), coefficient, coefficient, (c, pick, alpha, beta) => {
        const spec = specOf(c);
        const operands = operandsOf(c);
        const t = pick % operands.length;
        const x = operands[t];
        const y = randomTensor(new Random(c.seed + 1), x.shape);
        const mixed = new Tensor(Float64Array.from(x.data, (v, i) => alpha * v + beta * y.data[i]), x.shape);
        const withX = einsum(spec, ...operands).toArray();
        const withY = einsum(spec, ...operands.map((o, u) => (u === t ? y : o))).toArray();
        const combined = new Tensor(Float64Array.from(withX, (v, i) => alpha * v + beta * withY[i]), einsum(spec, ...operands).shape);
        const bound = (Math.abs(alpha) + Math.abs(beta)) * 4;
        const scale = naiveEinsum(spec, ...operands.map((o, u) => (u === t ? new Tensor(Float64Array.from(x.data, () => bound), x.shape) : absolute(o))));
        expect(closeness(einsum(spec, ...operands.map((o, u) => (u === t ? mixed : o))), combined, scale, 1e-12)).toBeNull();
      }),
      fcOptions(60),
    );
  });

  test('ij,jk->ki is (AB)ᵀ', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.nat(), (i, j, k, seed) => {
        const random = new Random(seed);
        const a = randomTensor(random, [i, j]);
        const b = randomTensor(random, [j, k]);
        const ab = einsum('ij,jk->ik', a, b);
        const transposed = new Tensor(ab.data, [k, i], [1, k]);
        const scale = naiveEinsum('ij,jk->ki', absolute(a), absolute(b));
        expect(closeness(einsum('ij,jk->ki', a, b), transposed, scale, 1e-12)).toBeNull();
      }),
      fcOptions(50),
    );
  });

  test('run(…, accumulate = true) adds the contraction onto what out holds', () => {
    fc.assert(
      fc.property(einsumCase(1, 3), (c) => {
        const spec = specOf(c);
        const operands = operandsOf(c);
        const compiled = compileEinsum(spec, shapesOf(c), 'float64');
        const start = randomTensor(new Random(c.seed + 7), compiled.outputShape);
        const out = Float64Array.from(start.data);
        compiled.run(operands.map((t) => t.data), out, true);
        const sum = einsum(spec, ...operands).toArray();
        const expected = new Tensor(Float64Array.from(sum, (v, i) => v + start.data[i]), compiled.outputShape);
        const scale = naiveEinsum(spec, ...operands.map(absolute));
        const ones = new Tensor(Float64Array.from(scale.data, (v) => v + 1), scale.shape);
        expect(closeness(new Tensor(out, compiled.outputShape), expected, ones, 1e-12)).toBeNull();
      }),
      fcOptions(60),
    );
  });
});

describe('compiled plans', () => {
  test('the cache returns the same compiled plan, and repeated runs reuse its scratch and give identical results', () => {
    const shapes = [[3, 4], [4, 5], [5, 2]];
    const compiled = compileEinsum('ij,jk,kl->il', shapes, 'float64');
    expect(compileEinsum('ij,jk,kl->il', shapes, 'float64')).toBe(compiled);
    expect(compileEinsum('ij, jk, kl -> il', shapes, 'float64')).toBe(compiled);
    expect(compiled.plan.scratch.length).toBeGreaterThan(0);
    const scratch = [...compiled.plan.scratch];
    const random = new Random(3);
    const operands = shapes.map((s) => randomTensor(random, s).data);
    const first = new Float64Array(6);
    compiled.run(operands, first);
    for (let run = 0; run < 20; run++) {
      const out = new Float64Array(6);
      compiled.run(operands, out);
      expect(out).toEqual(first);
    }
    expect(compiled.plan.scratch.every((buffer, t) => buffer === scratch[t])).toBe(true);
  });

  test('different dtypes or shapes get different plans', () => {
    const a = compileEinsum('ij,jk->ik', [[2, 3], [3, 4]], 'float64');
    expect(compileEinsum('ij,jk->ik', [[2, 3], [3, 4]], 'float32')).not.toBe(a);
    expect(compileEinsum('ij,jk->ik', [[2, 3], [3, 5]], 'float64')).not.toBe(a);
  });

  test('a zero-size index gives an empty or zero result, like numpy', () => {
    expect(einsum('ij,jk->ik', tensor([], [2, 0]), tensor([], [0, 3])).toArray()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(einsum('ij,jk->ik', tensor([], [0, 2]), tensor([1, 2, 3, 4], [2, 2])).shape).toEqual([0, 2]);
    expect(einsum('ii->', tensor([], [0, 0])).toArray()).toEqual([0]);
  });
});

describe('einsum errors', () => {
  test('mixed dtypes are refused, naming the operands and their dtypes', () => {
    const a = tensor(new Float32Array(6), [2, 3]);
    const b = tensor(new Float64Array(12), [3, 4]);
    expect(() => einsum('ij,jk->ik', a, b)).toThrow(EinsumError);
    expect(() => einsum('ij,jk->ik', a, b)).toThrow("einsum 'ij,jk->ik': operand 1 is float64 but operand 0 is float32; all operands must share one dtype");
  });

  test('run() refuses buffers of the wrong count, dtype or length, saying which', () => {
    const compiled = compileEinsum('ij,jk->ik', [[2, 3], [3, 4]], 'float64');
    const out = new Float64Array(8);
    expect(() => compiled.run([new Float64Array(6)], out)).toThrow('compiled for 2 operands; run() got 1');
    expect(() => compiled.run([new Float64Array(6), new Float32Array(12)], out)).toThrow('operand 1 is float32 but the plan was compiled for float64');
    expect(() => compiled.run([new Float64Array(5), new Float64Array(12)], out)).toThrow('operand 0 has 5 elements; it needs 6');
    expect(() => compiled.run([new Float64Array(6), new Float64Array(12)], new Float64Array(7))).toThrow('the output has 7 elements; it needs 8');
  });

  test('no operands at all is refused', () => {
    expect(() => einsum('->')).toThrow("einsum '->': no operands were given");
  });

  test('an output that overlaps an operand is refused by run() and bind(): a step may write it before reading all of the operand', () => {
    const transpose = compileEinsum('ij->ji', [[2, 2]], 'float64');
    const square = new Float64Array([1, 2, 3, 4]);
    expect(() => transpose.run([square], square)).toThrow("the output overlaps operand 0 in memory; run() needs an output of its own");
    const matmul = compileEinsum('ij,jk->ik', [[2, 2], [2, 2]], 'float64');
    const shared = new Float64Array(12);
    expect(() => matmul.bind([shared.subarray(0, 4), shared.subarray(4, 8)], shared.subarray(2, 6))).toThrow('the output overlaps operand 0');
    // Neighbours in one buffer do not overlap.
    expect(() => matmul.run([shared.subarray(0, 4), shared.subarray(4, 8)], shared.subarray(8, 12))).not.toThrow();
  });

  test('buffers that are not Float32Array or Float64Array, or missing, are named', () => {
    const compiled = compileEinsum('i->i', [[2]], 'float64');
    const bad: unknown[] = [[1, 2], new Int32Array(2), new Uint8Array(2), undefined];
    for (const operand of bad) expect(() => compiled.run([operand as Storage], new Float64Array(2))).toThrow(/operand 0 is (a Array|a Int32Array|a Uint8Array|undefined); einsum takes Float32Array or Float64Array buffers/);
    expect(() => compiled.run([new Float64Array(2)], new Uint8Array(2) as unknown as Storage)).toThrow('the output is a Uint8Array');
  });

  test('a shape that is not sizes is refused before it reaches the plan cache, where it would stand for a good one', () => {
    expect(() => compileEinsum('ij->ji', [['2' as unknown as number, 2]], 'float64')).toThrow(/dimension 0 is 2, not a non-negative integer/);
    expect(() => compileEinsum('ij->ji', [[1.5, 2]], 'float64')).toThrow(/dimension 0 is 1.5/);
    expect(() => compileEinsum('ij,jk->ik', [[-2, 2], [2, 3]], 'float64')).toThrow(/dimension 0 is -2/);
    expect(einsum('ij->ji', tensor([1, 2, 3, 4], [2, 2])).toArray()).toEqual([1, 3, 2, 4]);
  });

  test('operands that are not tensors, and a spec that is not a string, are named', () => {
    expect(() => einsum('i->i', [1, 2] as unknown as Tensor)).toThrow("einsum 'i->i': operand 0 is a Array, not a Tensor");
    expect(() => einsum(5 as unknown as string, tensor([1, 2], [2]))).toThrow('the spec must be a string, got a number');
  });

  test('an unknown path strategy, and optimal over more operands than it can search, are refused', () => {
    expect(() => compileEinsum('i,i->', [[2], [2]], 'float64', { path: 'fastest' as PathStrategyName })).toThrow("path strategy 'fastest' is not one of auto, optimal, greedy, naive");
    const many = (n: number): [string, number[][]] => [`${Array(n).fill('a').join(',')}->a`, Array.from({ length: n }, () => [2])];
    const [spec13, shapes13] = many(13);
    expect(() => compileEinsum(spec13, shapes13, 'float64', { path: 'optimal' })).toThrow('the optimal path searches at most 12 operands');
    // auto switches to greedy long before that; 32 operands plan and run.
    const [spec32, shapes32] = many(32);
    const out = new Float64Array(2);
    compileEinsum(spec32, shapes32, 'float64').run(shapes32.map(() => new Float64Array([1, 2])), out);
    expect(Array.from(out)).toEqual([1, 2 ** 32]);
  });
});

describe('bound contractions', () => {
  /** The case's operands, an output holding `start` and the bound and unbound runs' results, in kernel memory or not. */
  function bothWays(c: EinsumCase, dtype: 'float32' | 'float64', inKernelMemory: boolean, accumulate: boolean): { bound: Storage; ran: Storage } {
    const spec = specOf(c);
    const compiled = compileEinsum(spec, shapesOf(c), dtype);
    const size = compiled.outputShape.reduce((p, d) => p * d, 1);
    const memory = KernelMemory.main();
    const place = (values: Storage): Storage => {
      if (!inKernelMemory || dtype === 'float64') return values.slice();
      const copy = memory.f32(memory.alloc(4 * values.length), values.length);
      copy.set(values);
      return copy;
    };
    const mark = memory.mark();
    try {
      const operands = operandsOf(c, dtype).map((t) => place(t.data));
      const start = randomTensor(new Random(c.seed + 11), compiled.outputShape, dtype).data;
      const bound = place(start);
      const ran = place(start);
      compiled.bind(operands, bound)(accumulate);
      compiled.run(operands, ran, accumulate);
      return { bound: bound.slice(), ran: ran.slice() };
    } finally {
      memory.release(mark);
    }
  }

  test('a bound contraction writes the bits run() writes, overwriting or accumulating, in kernel memory or not', () => {
    fc.assert(
      fc.property(einsumCase(), fc.constantFrom('float32', 'float64'), fc.boolean(), fc.boolean(), (c, dtype, inKernelMemory, accumulate) => {
        const { bound, ran } = bothWays(c, dtype, inKernelMemory, accumulate);
        expect(bound).toEqual(ran);
      }),
      fcOptions(150),
    );
  });

  test('bind() checks the buffers once, as run() does', () => {
    const compiled = compileEinsum('ij,jk->ik', [[2, 3], [3, 4]], 'float64');
    expect(() => compiled.bind([new Float64Array(6)], new Float64Array(8))).toThrow('compiled for 2 operands; bind() got 1');
    expect(() => compiled.bind([new Float64Array(6), new Float64Array(12)], new Float64Array(7))).toThrow('the output has 7 elements; it needs 8');
  });

  test('a bound float32 sum over a zero-size axis in kernel memory writes zeros (or adds nothing)', () => {
    const memory = KernelMemory.main();
    const mark = memory.mark();
    try {
      const out = memory.f32(memory.alloc(12), 3);
      out.set([1, 2, 3]);
      const run = compileEinsum('ij->i', [[3, 0]], 'float32').bind([memory.f32(memory.alloc(4), 0)], out);
      run(true);
      expect(Array.from(out)).toEqual([1, 2, 3]);
      run();
      expect(Array.from(out)).toEqual([0, 0, 0]);
    } finally {
      memory.release(mark);
    }
  });

  test('a bound contraction reads its operands as they are when it runs', () => {
    const compiled = compileEinsum('ij,jk->ik', [[1, 2], [2, 1]], 'float64');
    const a = new Float64Array([1, 2]);
    const out = new Float64Array(1);
    const run = compiled.bind([a, new Float64Array([3, 4])], out);
    run();
    expect(out[0]).toBe(11);
    a[0] = 0;
    run(true);
    expect(out[0]).toBe(19);
  });
});

describe('the plan cache', () => {
  test('past PLAN_CACHE_KEYS keys it drops the least recently used plans and keeps the recent ones; a dropped plan still runs', () => {
    const kept = compileEinsum('ij->ji', [[1, 1]], 'float64');
    const plans = new Map<number, ReturnType<typeof compileEinsum>>();
    const total = PLAN_CACHE_KEYS + 64;
    for (let n = 1; n <= total; n++) {
      plans.set(n, compileEinsum('i->', [[n]], 'float64'));
      // Used again and again, this plan stays recent.
      if (n % 64 === 0) expect(compileEinsum('ij->ji', [[1, 1]], 'float64')).toBe(kept);
    }
    expect(compileEinsum('ij->ji', [[1, 1]], 'float64')).toBe(kept);
    // The most recent plans are still cached, back to well inside the bound…
    for (const n of [total, total - 100, total - PLAN_CACHE_KEYS / 2]) expect(compileEinsum('i->', [[n]], 'float64')).toBe(plans.get(n));
    // …and the oldest are gone, though their compiled plans still run.
    const first = plans.get(1);
    expect(compileEinsum('i->', [[1]], 'float64')).not.toBe(first);
    const out = new Float64Array(1);
    first?.run([new Float64Array([4])], out);
    expect(out[0]).toBe(4);
  });
});

describe('scratch placement', () => {
  const chain = 'ij,jk,kl->il';
  const chainOperands = (n: number, dtype: 'float32' | 'float64'): Tensor[] => {
    const random = new Random(n);
    return [[n, 3], [3, n + 1], [n + 1, 2]].map((shape) => randomTensor(random, shape, dtype));
  };

  test('one-shot einsum() calls over ever new float32 shapes take no kernel memory arena scratch', () => {
    const memory = KernelMemory.current();
    einsum(chain, ...chainOperands(1, 'float32'));
    const top = memory.mark();
    for (let n = 2; n <= 64; n++) einsum(chain, ...chainOperands(n, 'float32'));
    expect(memory.mark()).toBe(top);
  });

  test('plain scratch gives the bits of kernel memory scratch', () => {
    for (const n of [5, 37, 130]) {
      const operands = chainOperands(n, 'float32');
      const shapes = operands.map((t) => t.shape);
      const data = operands.map((t) => t.data);
      const inKernel = compileEinsum(chain, shapes, 'float32');
      const plain = compileEinsum(chain, shapes, 'float32', { scratch: 'plain' });
      expect(inKernel.plan.scratchPlace).toBe('kernel');
      expect(plain.plan.scratchPlace).toBe('plain');
      expect(plain.plan.scratch.length).toBeGreaterThan(0);
      expect(plain.plan.scratch.every((buffer) => !KernelMemory.current().owns(buffer))).toBe(true);
      const a = new Float32Array(n * 2);
      const b = new Float32Array(n * 2);
      inKernel.run(data, a);
      plain.run(data, b);
      expect(b).toEqual(a);
      expect(einsum(chain, ...operands).data).toEqual(a);
    }
  });

  test('an unknown scratch place or kernel choice is refused by name', () => {
    const unknown = (options: object): PlanOptions => options as PlanOptions;
    expect(() => compileEinsum('ij,jk->ik', [[2, 2], [2, 2]], 'float32', unknown({ scratch: 'heap' }))).toThrow(/scratch 'heap' is not one of kernel, plain/);
    expect(() => compileEinsum('ij,jk->ik', [[2, 2], [2, 2]], 'float32', unknown({ kernels: 'naive' }))).toThrow(/kernels 'naive' is not one of auto, strided/);
  });
});

describe('one-shot einsum into out', () => {
  test('einsum(spec, …operands, { out }) writes the bits a fresh einsum returns, whatever out held, and returns out', () => {
    fc.assert(
      fc.property(einsumCase(), fc.constantFrom('float32', 'float64'), (c, dtype) => {
        const spec = specOf(c);
        const operands = operandsOf(c, dtype);
        const fresh = einsum(spec, ...operands);
        const out = zeros(fresh.shape, dtype);
        out.data.fill(Number.NaN);
        expect(einsum(spec, ...operands, { out })).toBe(out);
        expect(out.data).toEqual(fresh.data);
      }),
      fcOptions(100),
    );
  });

  test('out may be a contiguous view at an offset in a larger buffer; the elements around it stay as they were', () => {
    const a = tensor([1, 2, 3, 4], [2, 2], 'float32');
    const storage = new Float32Array([9, 9, 9, 9, 9, 9]);
    const out = new Tensor(storage, [2, 2], [2, 1], 1);
    einsum('ij,jk->ik', a, a, { out });
    expect(Array.from(storage)).toEqual([9, 7, 10, 15, 22, 9]);
  });

  test('calls that change shapes or dtype between them each get their own plan', () => {
    const random = new Random(5);
    for (const [n, dtype] of [[2, 'float64'], [3, 'float64'], [3, 'float32'], [2, 'float64'], [2, 'float64']] as const) {
      const a = randomTensor(random, [n, n + 1], dtype);
      const b = randomTensor(random, [n + 1, 2], dtype);
      const expected = naiveEinsum('ij,jk->ik', toFloat64(a), toFloat64(b));
      const scale = naiveEinsum('ij,jk->ik', absolute(a), absolute(b));
      const result = einsum('ij,jk->ik', a, b);
      expect(result.dtype).toBe(dtype);
      expect(closeness(result, expected, scale, 1e-5)).toBeNull();
    }
  });

  test('an out of another shape or dtype, a strided out, one that shares memory with an operand, or one that is not a tensor is refused, naming it', () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tensor([1, 2, 3, 4, 5, 6], [3, 2]);
    expect(() => einsum('ij,jk->ik', a, b, { out: zeros([3, 3]) })).toThrow("einsum 'ij,jk->ik': out has shape [3, 3] but the result has shape [2, 2]");
    expect(() => einsum('ij,jk->ik', a, b, { out: zeros([2, 2], 'float32') })).toThrow('out is float32 but the operands are float64');
    expect(() => einsum('ij,jk->ik', a, b, { out: new Tensor(new Float64Array(4), [2, 2], [1, 2]) })).toThrow('out must be contiguous');
    expect(() => einsum('ij->ij', a, { out: a })).toThrow('out shares memory with operand 0; the result needs an output of its own');
    expect(() => einsum('ij,jk->ik', a, b, { out: new Float64Array(4) as unknown as Tensor })).toThrow('out is a Float64Array, not a Tensor');
    // An object with other keys is no options object: it is reported as an operand.
    expect(() => einsum('ij,jk->ik', a, b, { shape: [2, 2] } as unknown as Tensor)).toThrow('operand 2 is a Object, not a Tensor');
  });
});

describe('float32 GEMMs on buffers outside kernel memory', () => {
  test("a batched GEMM whose output rows interleave across batches keeps every batch's rows, overwriting or accumulating", () => {
    // bij,bjk->ibk: each batch's C rows lie b·k apart, with the other batches' rows in the gaps.
    const random = new Random(17);
    const a = randomTensor(random, [3, 4, 5], 'float32');
    const b = randomTensor(random, [3, 5, 2], 'float32');
    const compiled = compileEinsum('bij,bjk->ibk', [a.shape, b.shape], 'float32');
    expect(explainEinsum('bij,bjk->ibk', [a.shape, b.shape], 'float32')).toContain('gemm bij,bjk->ibk A=op0 B=op1 C=out m=4 n=2 k=5 A:N B:N batch=3');
    const expected = naiveEinsum('bij,bjk->ibk', toFloat64(a), toFloat64(b));
    const scale = naiveEinsum('bij,bjk->ibk', absolute(a), absolute(b));
    const out = new Float32Array(24).fill(Number.NaN);
    compiled.run([a.data, b.data], out);
    expect(closeness(new Tensor(out, compiled.outputShape), expected, scale, 1e-5)).toBeNull();
    compiled.run([a.data, b.data], out, true);
    const doubled = new Tensor(Float64Array.from(expected.data, (v) => 2 * v), expected.shape);
    expect(closeness(new Tensor(out, compiled.outputShape), doubled, scale, 1e-5)).toBeNull();
  });
});
