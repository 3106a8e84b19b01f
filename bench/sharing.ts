// Benchmark: what slows a shard's arithmetic down when many threads of one process run at once.
//
// Each of k worker threads runs the default MNIST network's forward pass and backward chain over
// `--rows` rows, again and again, and times that arithmetic alone. Three modes separate the causes:
//   private   each thread has its own kernel memory and parameters and never waits for the others
//             (after each pass it updates a 1/k chunk of its own parameters, as in every mode):
//             what k threads of one process give when they share nothing (compare k processes,
//             `npm run bench:independent`);
//   lockstep  the same, but the threads meet at a barrier before and after each pass: the phases
//             of a step, without sharing;
//   shared    as training runs: one shared memory, parameters that every thread reads, a gradient
//             region per thread, and after each pass each thread sums its chunk of every region and
//             writes that chunk of the parameters, which the others read in the next pass.
// If `shared` is slower than `lockstep`, moving parameters and gradients between cores costs the
// difference; if `lockstep` is slower than `private`, running the phases in step does; if `private`
// at k threads is slower than one thread and slower than k processes, the process itself does.
//
//   node dist/bench/sharing.js [--threads 1,16] [--rows 64] [--iterations 200] [--modes private,lockstep,shared]

import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { KernelMemory } from '../src/kernels/kernel-memory.js';
import { Network, type NetworkSpec } from '../src/nn/network.js';
import { parameterLayout } from '../src/nn/parameters.js';
import { SPIN_POLLS } from '../src/parallel/phase-signal.js';
import { median } from '../src/train/benchmark.js';

type Mode = 'private' | 'lockstep' | 'shared';
const MODES: readonly Mode[] = ['private', 'lockstep', 'shared'];

const SPEC: NetworkSpec = { widths: [784, 256, 128, 10], activation: 'relu', output: 'softmax', loss: 'cross-entropy' };
const PARAMS = parameterLayout(SPEC.widths).count;
/** Passes each thread runs before the timed ones. */
const WARM_UP = 20;
/** Scratch bytes per thread in shared mode: the network's buffers and the GEMM's packing. */
const SCRATCH_BYTES = 16 << 20;

/**
 * What a worker is told. Every worker instantiates the module the main thread compiled once, as in
 * training (compiling it in each worker would race over V8's compile flags, see compile-optimized.ts).
 * In shared mode it attaches to the one shared memory; otherwise to a memory of its own.
 */
interface Job {
  readonly mode: Mode;
  readonly threads: number;
  readonly slot: number;
  readonly rows: number;
  readonly iterations: number;
  readonly barrier: Int32Array;
  readonly module: WebAssembly.Module;
  readonly own?: WebAssembly.Memory;
  readonly shared?: { readonly memory: WebAssembly.Memory; readonly params: number; readonly grads: readonly number[]; readonly scratch: number };
}

/** A private memory's size in 64 KiB pages: the parameters, a gradient, the network's buffers and the GEMM's packing. */
const PRIVATE_PAGES = 256;

/** A worker's answer: its mean µs of arithmetic per pass. */
interface Timing {
  readonly compute: number;
}

/** Parameters of a plausible size: the same in every mode. */
function initialize(params: Float32Array): void {
  for (let i = 0; i < params.length; i++) params[i] = 0.05 * Math.sin(i);
}

/** A barrier over k threads: word 0 counts arrivals, word 1 the generation. */
function meet(barrier: Int32Array, threads: number): void {
  const generation = Atomics.load(barrier, 1);
  if (Atomics.add(barrier, 0, 1) === threads - 1) {
    Atomics.store(barrier, 0, 0);
    Atomics.add(barrier, 1, 1);
    Atomics.notify(barrier, 1);
    return;
  }
  for (let polls = 0; polls < SPIN_POLLS && Atomics.load(barrier, 1) === generation; polls++);
  while (Atomics.load(barrier, 1) === generation) Atomics.wait(barrier, 1, generation);
}

/** The chunk [begin, end) of `count` parameters that slot `slot` of `threads` updates. */
function chunk(count: number, threads: number, slot: number): [number, number] {
  return [Math.floor((count * slot) / threads), Math.floor((count * (slot + 1)) / threads)];
}

function work(job: Job): Timing {
  const { mode, threads, slot, rows, iterations, barrier } = job;
  const own = job.own;
  const memory =
    job.shared !== undefined
      ? KernelMemory.attach(job.shared.memory, job.module, { base: job.shared.scratch, bytes: SCRATCH_BYTES })
      : own !== undefined
        ? KernelMemory.attach(own, job.module, { base: 128, bytes: own.buffer.byteLength - 128 })
        : undefined;
  if (memory === undefined) throw new Error('bench:sharing: a worker needs a memory, shared or its own');
  const f32 = (offset: number, length: number): Float32Array => memory.f32(offset, length);
  const allocate = (length: number): Float32Array => f32(memory.alloc(4 * length), length);
  const params = job.shared === undefined ? allocate(PARAMS) : f32(job.shared.params, PARAMS);
  const regions = job.shared === undefined ? [allocate(PARAMS)] : job.shared.grads.map((offset) => f32(offset, PARAMS));
  const grads = regions[job.shared === undefined ? 0 : slot];
  if (job.shared === undefined) initialize(params);
  const network = new Network(SPEC, params, rows, 'float32', allocate);
  const labelCells = allocate(rows);
  const labels = new Int32Array(labelCells.buffer, labelCells.byteOffset, rows);
  for (let r = 0; r < rows; r++) labels[r] = (r * 7 + slot) % 10;
  const input = network.input;
  for (let i = 0; i < rows * 784; i++) input[i] = 0.5 + 0.5 * Math.sin(i + slot);
  const [begin, end] = chunk(PARAMS, threads, slot);
  const inStep = mode !== 'private';
  let compute = 0;
  for (let it = -WARM_UP; it < iterations; it++) {
    if (inStep) meet(barrier, threads);
    const t0 = performance.now();
    network.forward(rows);
    network.backward(labels, 0, rows, rows, grads);
    if (it >= 0) compute += performance.now() - t0;
    if (inStep) meet(barrier, threads);
    // The update: this slot's chunk of the summed gradients, written into the parameters.
    for (let i = begin; i < end; i++) {
      let sum = 0;
      for (let r = 0; r < regions.length; r++) sum += regions[r][i];
      params[i] -= 1e-9 * sum;
    }
  }
  return { compute: (1000 * compute) / iterations };
}

if (!isMainThread) {
  // workerData is the Job that spawn() below passed, structured-cloned.
  parentPort?.postMessage(work(workerData as Job));
} else {
  const argv = yargs(hideBin(process.argv))
    .option('threads', { type: 'string', describe: 'thread counts, a comma list', default: `1,${availableParallelism()}` })
    .option('rows', { type: 'number', describe: 'rows a pass', default: 64 })
    .option('iterations', { type: 'number', describe: 'timed passes a thread', default: 200 })
    .option('rounds', { type: 'number', default: 3 })
    .option('modes', { type: 'string', describe: 'modes to run, a comma list', default: MODES.join(',') })
    .strict()
    .parseSync();

  const run = async (mode: Mode, threads: number): Promise<Timing[]> => {
    const barrier = new Int32Array(new SharedArrayBuffer(8));
    if (mode === 'shared') {
      const main = KernelMemory.main();
      // Each run's regions are freed after it, so that many rounds at many threads stay within the 4 GiB memory.
      const mark = main.mark();
      const params = main.alloc(4 * PARAMS);
      initialize(main.f32(params, PARAMS));
      const grads = Array.from({ length: threads }, () => main.alloc(4 * PARAMS));
      // The workers' scratch lies past everything else, allocated (and the memory grown) before they attach.
      const scratch = main.alloc(SCRATCH_BYTES * threads);
      const shared = (slot: number): Job['shared'] => ({ memory: main.memory, params, grads, scratch: scratch + slot * SCRATCH_BYTES });
      const timings = await Promise.all(
        Array.from({ length: threads }, (_, slot) => spawn({ mode, threads, slot, rows: argv.rows, iterations: argv.iterations, barrier, module: main.module, shared: shared(slot) })),
      );
      main.release(mark);
      return timings;
    }
    const module = KernelMemory.main().module;
    const own = (): WebAssembly.Memory => new WebAssembly.Memory({ initial: PRIVATE_PAGES, maximum: PRIVATE_PAGES, shared: true });
    return Promise.all(Array.from({ length: threads }, (_, slot) => spawn({ mode, threads, slot, rows: argv.rows, iterations: argv.iterations, barrier, module, own: own() })));
  };

  console.log(`${argv.rows} rows a pass, ${argv.iterations} passes a thread, medians of ${argv.rounds} rounds, node ${process.version}, ${availableParallelism()} cores`);
  console.log('mode      threads  compute µs/pass: mean    min     max');
  const threadCounts = argv.threads.split(',').map(Number);
  const modes = argv.modes.split(',').map((name) => {
    const mode = MODES.find((m) => m === name);
    if (mode === undefined) throw new Error(`--modes: ${name} is not one of ${MODES.join(', ')}`);
    return mode;
  });
  for (const threads of threadCounts) {
    for (const mode of modes) {
      const rounds: { mean: number; min: number; max: number }[] = [];
      for (let r = 0; r < argv.rounds; r++) {
        const timings = await run(mode, threads);
        const computes = timings.map((t) => t.compute);
        rounds.push({
          mean: computes.reduce((a, b) => a + b, 0) / threads,
          min: Math.min(...computes),
          max: Math.max(...computes),
        });
      }
      const med = (f: (r: (typeof rounds)[number]) => number): number => median(rounds.map(f));
      console.log(
        [mode.padEnd(8), String(threads).padStart(7), med((r) => r.mean).toFixed(0).padStart(22), med((r) => r.min).toFixed(0).padStart(6), med((r) => r.max).toFixed(0).padStart(7)].join('  '),
      );
    }
  }
}

function spawn(job: Job): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: job });
    worker.once('message', (timing: Timing) => resolve(timing));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`worker exited with code ${code}`))));
  });
}
