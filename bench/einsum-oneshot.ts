// Benchmark: the one-shot einsum() against a compiled contraction bound to its buffers, in float32 on fixed inputs.

import { compileEinsum, einsum } from '../src/einsum/einsum.js';
import { Random } from '../src/tensor/random.js';
import { type Tensor, tensor, zeros } from '../src/tensor/tensor.js';

/** One contraction: a label, its spec and its two operand shapes. */
interface Case {
  label: string;
  spec: string;
  shapes: [number[], number[]];
}

/**
 * Rounds of samples, and the least milliseconds a sample lasts: many short samples rather than timing.ts's
 * few long ones, because the best of many short samples finds a shared machine's quiet moments and a
 * 20 ms sample rarely runs without being preempted.
 */
const SAMPLES = 60;
const MIN_SAMPLE_MS = 2;

/** The MNIST network's widths: each dense layer's forward, weight-gradient and input-gradient contraction at batch 128. */
const WIDTHS = [784, 256, 128, 10];
const BATCH = 128;

function denseLayerCases(): Case[] {
  const cases: Case[] = [];
  for (let l = 0; l + 1 < WIDTHS.length; l++) {
    const [i, j] = [WIDTHS[l], WIDTHS[l + 1]];
    const layer = `${i}→${j}`;
    cases.push(
      { label: `${layer} fwd`, spec: 'ni,ji->nj', shapes: [[BATCH, i], [j, i]] },
      { label: `${layer} dW`, spec: 'nj,ni->ji', shapes: [[BATCH, j], [BATCH, i]] },
      { label: `${layer} dx`, spec: 'nj,ji->ni', shapes: [[BATCH, j], [j, i]] },
    );
  }
  return cases;
}

const CASES: Case[] = [
  { label: '512³', spec: 'ij,jk->ik', shapes: [[512, 512], [512, 512]] },
  ...denseLayerCases(),
  { label: '8³', spec: 'ij,jk->ik', shapes: [[8, 8], [8, 8]] },
];

/** Milliseconds per call of `run` over `reps` calls. */
function perCall(run: () => void, reps: number): number {
  const start = performance.now();
  for (let r = 0; r < reps; r++) run();
  return (performance.now() - start) / reps;
}

/** The calls that make one sample last MIN_SAMPLE_MS (after one warm-up call). */
function repetitions(run: () => void): number {
  run();
  let reps = 1;
  while (perCall(run, reps) * reps < MIN_SAMPLE_MS) reps *= 2;
  return reps;
}

/**
 * The best milliseconds per call of each contender over SAMPLES rounds, each round timing every contender
 * once in turn, so that a busy spell of the machine falls on all of them alike.
 */
function interleaved(contenders: readonly (() => void)[]): number[] {
  const reps = contenders.map(repetitions);
  const best = contenders.map(() => Infinity);
  for (let s = 0; s < SAMPLES; s++) {
    for (const [t, run] of contenders.entries()) best[t] = Math.min(best[t], perCall(run, reps[t]));
  }
  return best;
}

/** A float32 tensor of `shape` with values uniform in [−0.5, 0.5), in ordinary memory as a user's would be. */
function operand(random: Random, shape: readonly number[]): Tensor {
  const data = new Float32Array(shape.reduce((n, d) => n * d, 1));
  for (let i = 0; i < data.length; i++) data[i] = random.nextFloat() - 0.5;
  return tensor(data, shape, 'float32');
}

function main(): void {
  const random = Random.stream(1, 'bench-einsum-oneshot');
  console.log(`float32 einsum, one thread: best of ${SAMPLES} interleaved samples of ≥ ${MIN_SAMPLE_MS} ms (node ${process.version})`);
  console.log('bound: compileEinsum(spec, shapes).bind(operands, out)(); one-shot: einsum(spec, a, b); into out: einsum(spec, a, b, { out })');
  console.log(['case'.padEnd(13), 'spec'.padEnd(10), 'shapes'.padEnd(20), 'bound ms'.padStart(10), 'one-shot ms'.padStart(12), 'ratio'.padStart(6), 'into out ms'.padStart(12), 'ratio'.padStart(6)].join(' '));
  for (const t of CASES) {
    const [a, b] = t.shapes.map((shape) => operand(random, shape));
    const compiled = compileEinsum(t.spec, t.shapes, 'float32');
    const target = zeros(compiled.outputShape, 'float32');
    const bound = compiled.bind([a.data, b.data], zeros(compiled.outputShape, 'float32').data);
    const [boundMs, oneShotMs, intoMs] = interleaved([
      () => bound(),
      () => {
        einsum(t.spec, a, b);
      },
      () => {
        einsum(t.spec, a, b, { out: target });
      },
    ]);
    const shapes = t.shapes.map((shape) => shape.join('×')).join(', ');
    console.log(
      [
        t.label.padEnd(13),
        t.spec.padEnd(10),
        shapes.padEnd(20),
        boundMs.toFixed(4).padStart(10),
        oneShotMs.toFixed(4).padStart(12),
        (oneShotMs / boundMs).toFixed(2).padStart(6),
        intoMs.toFixed(4).padStart(12),
        (intoMs / boundMs).toFixed(2).padStart(6),
      ].join(' '),
    );
  }
}

main();
