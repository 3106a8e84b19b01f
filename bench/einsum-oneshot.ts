// Benchmark: the one-shot einsum() against a compiled contraction bound to its buffers, in float32 on fixed inputs.
//
// node dist/bench/einsum-oneshot.js [--numpy]
// --numpy adds, per case, numpy.einsum with a fresh result ÷ into `out` (python3 with numpy): a yardstick
// for what returning a new array costs where reference counting frees the last result at once.

import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
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

/** numpy.einsum's best time with a fresh result ÷ into `out`, per case given as JSON [spec, shapeA, shapeB] on stdin. */
const NUMPY = `
import json, sys, timeit
import numpy as np
rng = np.random.default_rng(1)
for spec, sa, sb in json.load(sys.stdin):
    a = rng.random(sa, dtype=np.float32) - 0.5
    b = rng.random(sb, dtype=np.float32) - 0.5
    out = np.einsum(spec, a, b, optimize=True)
    fresh = min(timeit.repeat(lambda: np.einsum(spec, a, b, optimize=True), number=50, repeat=${SAMPLES}))
    into = min(timeit.repeat(lambda: np.einsum(spec, a, b, out=out, optimize=True), number=50, repeat=${SAMPLES}))
    print(f'{fresh / into:.2f}')
`;

/** numpy's fresh ÷ into-out ratio per case, or undefined (with a line saying why) when python3 with numpy cannot run it. */
function numpyRatios(cases: readonly Case[]): string[] | undefined {
  const input = JSON.stringify(cases.map((t) => [t.spec, ...t.shapes]));
  const run = spawnSync('python3', ['-c', NUMPY], { input, encoding: 'utf8' });
  if (run.status !== 0) {
    console.log(`numpy: not measured (${run.error?.message ?? run.stderr.trim().split('\n').at(-1)})`);
    return undefined;
  }
  return run.stdout.trim().split('\n');
}

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

/** A contender's best milliseconds per call, and the pages the kernel mapped for it per call (minor page faults). */
interface Timing {
  ms: number;
  faults: number;
}

/**
 * The best milliseconds per call of each contender over SAMPLES rounds, each round timing every contender
 * once in turn, so that a busy spell of the machine falls on all of them alike; and its page faults per call,
 * which show the memory a fresh result costs.
 */
function interleaved(contenders: readonly (() => void)[]): Timing[] {
  const reps = contenders.map(repetitions);
  const timings = contenders.map(() => ({ ms: Infinity, faults: 0 }));
  for (let s = 0; s < SAMPLES; s++) {
    for (const [t, run] of contenders.entries()) {
      const faults = process.resourceUsage().minorPageFault;
      timings[t].ms = Math.min(timings[t].ms, perCall(run, reps[t]));
      timings[t].faults += (process.resourceUsage().minorPageFault - faults) / (reps[t] * SAMPLES);
    }
  }
  return timings;
}

/** A float32 tensor of `shape` with values uniform in [−0.5, 0.5), in ordinary memory as a user's would be. */
function operand(random: Random, shape: readonly number[]): Tensor {
  const data = new Float32Array(shape.reduce((n, d) => n * d, 1));
  for (let i = 0; i < data.length; i++) data[i] = random.nextFloat() - 0.5;
  return tensor(data, shape, 'float32');
}

function main(): void {
  const { values } = parseArgs({ options: { numpy: { type: 'boolean', default: false } } });
  const numpy = values.numpy ? numpyRatios(CASES) : undefined;
  const random = Random.stream(1, 'bench-einsum-oneshot');
  console.log(`float32 einsum, one thread: best of ${SAMPLES} interleaved samples of ≥ ${MIN_SAMPLE_MS} ms (node ${process.version})`);
  console.log('bound: compileEinsum(spec, shapes).bind(operands, out)(); one-shot: einsum(spec, a, b); into out: einsum(spec, a, b, { out })');
  console.log('faults: page faults per call of the one-shot call, which gets a fresh result each time');
  if (numpy !== undefined) console.log('numpy: numpy.einsum(spec, a, b) ÷ numpy.einsum(spec, a, b, out=out), best of as many samples');
  console.log(['case'.padEnd(13), 'spec'.padEnd(10), 'shapes'.padEnd(20), 'bound ms'.padStart(10), 'one-shot ms'.padStart(12), 'ratio'.padStart(6), 'faults'.padStart(7), 'into out ms'.padStart(12), 'ratio'.padStart(6), ...(numpy === undefined ? [] : ['numpy'.padStart(6)])].join(' '));
  for (const [c, t] of CASES.entries()) {
    const [a, b] = t.shapes.map((shape) => operand(random, shape));
    const compiled = compileEinsum(t.spec, t.shapes, 'float32');
    const target = zeros(compiled.outputShape, 'float32');
    const run = compiled.bind([a.data, b.data], zeros(compiled.outputShape, 'float32').data);
    const [bound, oneShot, into] = interleaved([
      () => run(),
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
        bound.ms.toFixed(4).padStart(10),
        oneShot.ms.toFixed(4).padStart(12),
        (oneShot.ms / bound.ms).toFixed(2).padStart(6),
        oneShot.faults.toFixed(1).padStart(7),
        into.ms.toFixed(4).padStart(12),
        (into.ms / bound.ms).toFixed(2).padStart(6),
        ...(numpy === undefined ? [] : [numpy[c].padStart(6)]),
      ].join(' '),
    );
  }
}

main();
