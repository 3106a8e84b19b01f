// Benchmark: microseconds per call of each optimiser step and per-step check, as the TypeScript loop and as the wasm kernel.

import { allFinite } from '../src/kernels/all-finite.js';
import { KernelMemory } from '../src/kernels/kernel-memory.js';
import { createOptimizer } from '../src/optim/create-optimizer.js';
import type { Allocate } from '../src/optim/optimizer.js';
import { addIntoLoop, reduceShards } from '../src/parallel/reduce.js';
import type { OptimizerConfig } from '../src/optim/optimizer-config.js';
import { MIN_SAMPLE_MS, SAMPLES, measure } from './timing.js';

/** Parameters of the 784-256-128-10 MNIST network. */
const PARAMS = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10;
/** Shard gradients summed by the reduction row (batch 128 in shards of 16). */
const SHARDS = 8;

/** One placement's buffers: parameters, shard gradients, and an allocator for optimiser state. */
interface Buffers {
  params: Float32Array;
  grads: Float32Array[];
  allocate: Allocate;
  /** How a reduction adds one shard into another here. */
  addInto: (dst: Float32Array, src: Float32Array, begin: number, end: number) => void;
}

/** A row of the table: what runs once per training step. */
interface Operation {
  label: string;
  prepare(buffers: Buffers): () => void;
}

function optimizerStep(config: Partial<OptimizerConfig>): Operation['prepare'] {
  const full: OptimizerConfig = {
    optimizer: 'sgd', lr: 0.001, momentum: 0.9, nesterov: false, weightDecay: 1e-4,
    schedule: 'constant', stepSize: 1, gamma: 0.1, ...config,
  };
  return (b) => {
    const optimizer = createOptimizer(full, PARAMS, b.allocate);
    return () => optimizer.step(b.params, b.grads[0], full.lr);
  };
}

const OPERATIONS: Operation[] = [
  { label: 'sgd', prepare: optimizerStep({ optimizer: 'sgd' }) },
  { label: 'momentum', prepare: optimizerStep({ optimizer: 'momentum' }) },
  { label: 'nesterov', prepare: optimizerStep({ optimizer: 'momentum', nesterov: true }) },
  { label: 'adam', prepare: optimizerStep({ optimizer: 'adam' }) },
  {
    label: 'allFinite',
    prepare: (b) => () => {
      if (!allFinite(b.grads[0])) throw new Error('bench: the gradient is not finite');
    },
  },
  { label: `reduce ${SHARDS}`, prepare: (b) => () => reduceShards(b.grads, SHARDS, 0, PARAMS, b.addInto) },
];

/** Fixed values: sin(i) scaled by the buffer's number. */
function fill(values: Float32Array, scale: number): Float32Array {
  for (let i = 0; i < values.length; i++) values[i] = scale * Math.sin(i);
  return values;
}

/** Buffers in kernel memory: every step goes through the wasm kernels. */
function kernelBuffers(memory: KernelMemory): Buffers {
  const view = (length: number): Float32Array => memory.f32(memory.alloc(4 * length), length);
  return {
    params: fill(view(PARAMS), 1),
    grads: Array.from({ length: SHARDS }, (_, s) => fill(view(PARAMS), 1 / (s + 1))),
    allocate: (_name, length) => view(length),
    addInto: (dst, src, begin, end) => memory.addInto(dst, src, begin, end),
  };
}

/** Plain arrays: every step runs the TypeScript loops. */
function plainBuffers(): Buffers {
  return {
    params: fill(new Float32Array(PARAMS), 1),
    grads: Array.from({ length: SHARDS }, (_, s) => fill(new Float32Array(PARAMS), 1 / (s + 1))),
    allocate: (_name, length) => new Float32Array(length),
    addInto: addIntoLoop,
  };
}

function main(): void {
  const memory = KernelMemory.main();
  console.log(`per-step work on ${PARAMS} float32 parameters, one thread, best and median of ${SAMPLES} samples of ≥ ${MIN_SAMPLE_MS} ms (node ${process.version})`);
  console.log(['operation'.padEnd(10), 'TS best µs'.padStart(11), 'TS median'.padStart(10), 'wasm best µs'.padStart(13), 'wasm median'.padStart(12), 'speed-up'.padStart(9)].join(' '));
  for (const operation of OPERATIONS) {
    const mark = memory.mark();
    const loop = microseconds(measure(operation.prepare(plainBuffers())));
    const wasm = microseconds(measure(operation.prepare(kernelBuffers(memory))));
    memory.release(mark);
    console.log([
      operation.label.padEnd(10),
      loop.best.toFixed(1).padStart(11),
      loop.median.toFixed(1).padStart(10),
      wasm.best.toFixed(1).padStart(13),
      wasm.median.toFixed(1).padStart(12),
      `${(loop.best / wasm.best).toFixed(1)}×`.padStart(9),
    ].join(' '));
  }
}

/** Milliseconds to microseconds. */
function microseconds(t: { best: number; median: number }): { best: number; median: number } {
  return { best: 1000 * t.best, median: 1000 * t.median };
}

main();
