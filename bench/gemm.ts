// Benchmark: float32 GFLOP/s of the WebAssembly GEMM, a naive TypeScript loop and einsum, on fixed inputs.

import { compileEinsum, einsum } from '../src/einsum/einsum.js';
import { gemm } from '../src/kernels/gemm.js';
import { KernelMemory } from '../src/kernels/kernel-memory.js';
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';
import { MIN_SAMPLE_MS, SAMPLES, measure } from './timing.js';

/** One contraction: its einsum spec and operand shapes, and the GEMM it is over row-major operands. */
interface Case {
  label: string;
  spec: string;
  shapes: [number[], number[]];
  m: number;
  n: number;
  k: number;
  rsA: number;
  csA: number;
  rsB: number;
  csB: number;
  /** Whether the naive loop is fast enough to time here. */
  naive: boolean;
}

/** A case's operands and output, all views over kernel memory. */
interface Operands {
  a: Float32Array;
  b: Float32Array;
  c: Float32Array;
}

/** One way of computing a case (a column of rows in the table); `prepare` gives undefined to skip a case. */
interface Contender {
  name: string;
  prepare(t: Case, o: Operands): (() => void) | undefined;
}


function square(size: number): Case {
  const s = size;
  return { label: `${s}³`, spec: 'ij,jk->ik', shapes: [[s, s], [s, s]], m: s, n: s, k: s, rsA: s, csA: 1, rsB: s, csB: 1, naive: s <= 256 };
}

// The three contractions of a 784→256 dense layer at batch 128: forward, weight gradient, input gradient.
const CASES: Case[] = [
  square(128),
  square(256),
  square(512),
  { label: 'layer fwd', spec: 'ni,ji->nj', shapes: [[128, 784], [256, 784]], m: 128, n: 256, k: 784, rsA: 784, csA: 1, rsB: 1, csB: 784, naive: true },
  { label: 'layer dW', spec: 'nj,ni->ji', shapes: [[128, 256], [128, 784]], m: 256, n: 784, k: 128, rsA: 1, csA: 256, rsB: 784, csB: 1, naive: true },
  { label: 'layer dx', spec: 'nj,ji->ni', shapes: [[128, 256], [256, 784]], m: 128, n: 784, k: 256, rsA: 256, csA: 1, rsB: 784, csB: 1, naive: true },
  { label: 'shard fwd', spec: 'ni,ji->nj', shapes: [[32, 784], [256, 784]], m: 32, n: 256, k: 784, rsA: 784, csA: 1, rsB: 1, csB: 784, naive: true },
];

/** Add a contender here to time another implementation in the same table. */
const CONTENDERS: Contender[] = [
  {
    name: 'wasm gemm',
    prepare: (t, o) => () => gemm(t.m, t.n, t.k, o.a, 0, t.rsA, t.csA, o.b, 0, t.rsB, t.csB, o.c, 0, t.n, false),
  },
  {
    name: 'naive TS',
    prepare: (t, o) => (t.naive ? () => naiveGemm(t, o) : undefined),
  },
  {
    name: 'einsum compiled',
    prepare: (t, o) => {
      const compiled = compileEinsum(t.spec, t.shapes, 'float32');
      return () => compiled.run([o.a, o.b], o.c);
    },
  },
  {
    name: 'einsum()',
    prepare: (t, o) => {
      const a = new Tensor(o.a, t.shapes[0]);
      const b = new Tensor(o.b, t.shapes[1]);
      return () => {
        einsum(t.spec, a, b);
      };
    },
  },
];

/** C = A·B by the textbook triple loop over the case's strides. */
function naiveGemm(t: Case, o: Operands): void {
  const { m, n, k, rsA, csA, rsB, csB } = t;
  const { a, b, c } = o;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * rsA + p * csA] * b[p * rsB + j * csB];
      c[i * n + j] = sum;
    }
  }
}

/** The case's operands in kernel memory, filled from a fixed seed. */
function operands(memory: KernelMemory, t: Case, random: Random): Operands {
  const view = (length: number): Float32Array => memory.f32(memory.alloc(4 * length), length);
  const a = view(t.m * t.k);
  const b = view(t.k * t.n);
  for (let i = 0; i < a.length; i++) a[i] = random.nextFloat() - 0.5;
  for (let i = 0; i < b.length; i++) b[i] = random.nextFloat() - 0.5;
  return { a, b, c: view(t.m * t.n) };
}

function main(): void {
  const memory = KernelMemory.main();
  const random = Random.stream(1, 'bench-gemm');
  console.log(`float32 GEMM, one thread, best and median of ${SAMPLES} samples of ≥ ${MIN_SAMPLE_MS} ms (node ${process.version})`);
  console.log(['case'.padEnd(11), 'spec'.padEnd(11), 'm×n×k'.padEnd(14), 'contender'.padEnd(16), 'best ms'.padStart(9), 'median ms'.padStart(10), 'GFLOP/s'.padStart(8)].join(' '));
  for (const t of CASES) {
    const mark = memory.mark();
    const o = operands(memory, t, random);
    const flops = 2 * t.m * t.n * t.k;
    for (const contender of CONTENDERS) {
      const run = contender.prepare(t, o);
      if (run === undefined) continue;
      const { best, median } = measure(run);
      const gflops = flops / best / 1e6;
      console.log([t.label.padEnd(11), t.spec.padEnd(11), `${t.m}×${t.n}×${t.k}`.padEnd(14), contender.name.padEnd(16), best.toFixed(3).padStart(9), median.toFixed(3).padStart(10), gflops.toFixed(1).padStart(8)].join(' '));
    }
    memory.release(mark);
  }
}

main();
