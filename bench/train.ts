// Benchmark: one-thread training throughput on MNIST at batch 128, and how a step splits into contractions and the rest.

import { denseLayerContractions, type NamedContraction } from '../src/calculus/dense-layer.js';
import { toTrainConfig } from '../src/cli/options.js';
import { type CompiledEinsum, compileEinsum } from '../src/einsum/einsum.js';
import { allFinite } from '../src/kernels/all-finite.js';
import { KernelMemory } from '../src/kernels/kernel-memory.js';
import { ACTIVATIONS } from '../src/ops/activations.js';
import { bindLossGradient } from '../src/nn/loss.js';
import { parameterLayout } from '../src/nn/parameters.js';
import { classTargets } from '../src/nn/targets.js';
import { createOptimizer } from '../src/optim/create-optimizer.js';
import { reduceShards } from '../src/parallel/reduce.js';
import { Random } from '../src/tensor/random.js';
import { measureThroughput, median } from '../src/train/benchmark.js';
import type { TrainConfig } from '../src/train/config.js';
import { shardRanges } from '../src/parallel/shards.js';

/** The issue's target for one thread, printed for reference. */
const TARGET_SAMPLES_PER_SECOND = 15000;
const BATCH_SIZE = 128;
/** Steps per epoch: one warm-up epoch, then REPEAT measured ones; each part below is timed over as many steps. */
const STEPS = 128;
const REPEAT = 3;

/** One compiled contraction bound to its operands and output. */
interface BoundContraction {
  readonly plan: CompiledEinsum;
  readonly operands: Float32Array[];
  readonly out: Float32Array;
  readonly accumulate: boolean;
}

/** The derived contractions of a dense layer, by what they compute. */
type ContractionKind = 'forward' | 'weight' | 'bias' | 'input';

/** An operand by the name the derived contractions use ('W', 'b', 'a', 'g'). */
interface Operand {
  readonly data: Float32Array;
  readonly shape: number[];
}

/** The buffers of one thread's step, in kernel memory as the trainer has them. */
interface StepBuffers {
  readonly widths: readonly number[];
  readonly rows: number;
  readonly shards: number;
  readonly params: Float32Array;
  /** One gradient region per shard. */
  readonly grads: Float32Array[];
  readonly input: Float32Array;
  readonly z: Float32Array[];
  readonly a: Float32Array[];
  readonly g: Float32Array[];
  readonly labels: Int32Array;
}

/** The parts of a step that are timed on their own, each as milliseconds per step. */
interface Part {
  readonly label: string;
  readonly ms: number;
}

function allocateBuffers(widths: readonly number[], rows: number, shards: number): StepBuffers {
  const memory = KernelMemory.main();
  const random = Random.stream(1, 'bench-train');
  const f32 = (length: number): Float32Array => {
    const view = memory.f32(memory.alloc(4 * length), length);
    for (let i = 0; i < length; i++) view[i] = random.nextFloat() - 0.5;
    return view;
  };
  const count = parameterLayout(widths).count;
  const layers = widths.slice(1);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) labels[r] = random.nextInt(widths[widths.length - 1]);
  return {
    widths,
    rows,
    shards,
    params: f32(count),
    grads: Array.from({ length: shards }, () => f32(count)),
    input: f32(rows * widths[0]),
    z: layers.map((w) => f32(rows * w)),
    a: layers.map((w) => f32(rows * w)),
    g: layers.map((w) => f32(rows * w)),
    labels,
  };
}

function bind(c: NamedContraction, named: Record<string, Operand>, out: Float32Array, accumulate: boolean): BoundContraction {
  const operands = c.operands.map((name) => {
    const operand = named[name];
    if (operand === undefined) throw new Error(`bench: the derived contraction ${c.spec} names an unknown operand '${name}'`);
    return operand;
  });
  const plan = compileEinsum(c.spec, operands.map((o) => o.shape), 'float32');
  return { plan, operands: operands.map((o) => o.data), out, accumulate };
}

/**
 * Each contraction kind's calls in one step, as the one-thread trainer makes them: the forward
 * products and ∂C/∂a over all the batch's rows in one pass, ∂C/∂W and ∂C/∂b shard by shard.
 */
function contractionCalls(b: StepBuffers): Record<ContractionKind, BoundContraction[]> {
  const c = denseLayerContractions();
  const layout = parameterLayout(b.widths);
  const calls: Record<ContractionKind, BoundContraction[]> = { forward: [], weight: [], bias: [], input: [] };
  const named = (l: number, start: number, rows: number): Record<string, Operand> => {
    const { inputs, outputs, weight, bias } = layout.layers[l];
    const input = l === 0 ? b.input : b.a[l - 1];
    return {
      W: { data: b.params.subarray(weight, weight + outputs * inputs), shape: [outputs, inputs] },
      b: { data: b.params.subarray(bias, bias + outputs), shape: [outputs] },
      a: { data: input.subarray(start * inputs, (start + rows) * inputs), shape: [rows, inputs] },
      g: { data: b.g[l].subarray(start * outputs, (start + rows) * outputs), shape: [rows, outputs] },
    };
  };
  for (const [l, slots] of layout.layers.entries()) {
    calls.forward.push(bind(c.forward, named(l, 0, b.rows), b.z[l], true));
    if (l > 0) calls.input.push(bind(c.input, named(l, 0, b.rows), b.g[l - 1], false));
    for (const [s, shard] of shardRanges(b.rows, b.shards).entries()) {
      const { inputs, outputs } = slots;
      calls.weight.push(bind(c.weight, named(l, shard.start, shard.rows), b.grads[s].subarray(slots.weight, slots.weight + outputs * inputs), false));
      calls.bias.push(bind(c.bias, named(l, shard.start, shard.rows), b.grads[s].subarray(slots.bias, slots.bias + outputs), false));
    }
  }
  return calls;
}

function runContractions(calls: readonly BoundContraction[]): void {
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i];
    call.plan.run(call.operands, call.out, call.accumulate);
  }
}

/** The batch's activations, the loss and its ∂C/∂z, and the activations' backward steps, over all rows in one pass. */
function runActivationsAndLoss(b: StepBuffers, config: TrainConfig): void {
  const { widths, rows, z, a, g } = b;
  const last = widths.length - 2;
  const { activation, output, loss } = config.model;
  for (let l = 0; l <= last; l++) ACTIVATIONS[l === last ? output : activation].bindForward(z[l], a[l], rows, widths[l + 1])();
  bindLossGradient(loss, output, z[last], a[last], classTargets(b.labels), 0, g[last], rows, widths[last + 1])(BATCH_SIZE);
  for (let l = last; l > 0; l--) ACTIVATIONS[activation].bindBackward(z[l - 1], a[l - 1], g[l - 1], g[l - 1], rows, widths[l])();
}

/** Milliseconds per step of `step`: one untimed pass of `steps` steps, then the median of REPEAT timed passes. */
function msPerStep(steps: number, step: () => void): number {
  for (let s = 0; s < steps; s++) step();
  const samples: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    const began = performance.now();
    for (let s = 0; s < steps; s++) step();
    samples.push((performance.now() - began) / steps);
  }
  return median(samples);
}

function measureParts(config: TrainConfig, widths: readonly number[], shards: number, steps: number): { contractions: Part[]; other: Part[] } {
  const b = allocateBuffers(widths, BATCH_SIZE, shards);
  const calls = contractionCalls(b);
  const memory = KernelMemory.main();
  const addInto = (dst: Float32Array, src: Float32Array, begin: number, end: number): void => memory.addInto(dst, src, begin, end);
  const count = b.params.length;
  const optimizer = createOptimizer(config.optim, count, (_name, length) => memory.f32(memory.alloc(4 * length), length));
  const contractions: Part[] = [
    { label: 'forward  z = W·a', ms: msPerStep(steps, () => runContractions(calls.forward)) },
    { label: 'weights  ∂C/∂W', ms: msPerStep(steps, () => runContractions(calls.weight)) },
    { label: 'biases   ∂C/∂b', ms: msPerStep(steps, () => runContractions(calls.bias)) },
    { label: 'inputs   ∂C/∂a', ms: msPerStep(steps, () => runContractions(calls.input)) },
  ];
  const other: Part[] = [
    { label: 'activations + loss', ms: msPerStep(steps, () => runActivationsAndLoss(b, config)) },
    { label: `reduction of ${shards} shards`, ms: msPerStep(steps, () => reduceShards(b.grads, shards, 0, count, addInto)) },
    { label: 'finiteness check', ms: msPerStep(steps, () => allFinite(b.grads[0])) },
    {
      label: `optimiser (${config.optim.optimizer})`,
      ms: msPerStep(steps, () => optimizer.step(b.params, b.grads[0], config.optim.lr)),
    },
  ];
  return { contractions, other };
}

function line(label: string, ms: number, stepMs: number): string {
  return `${label.padEnd(40)} ${ms.toFixed(3).padStart(8)} ${`${((100 * ms) / stepMs).toFixed(1)}%`.padStart(7)}`;
}

function total(parts: readonly Part[]): number {
  let sum = 0;
  for (const part of parts) sum += part.ms;
  return sum;
}

async function main(): Promise<void> {
  const config = toTrainConfig({ threads: 1, 'batch-size': BATCH_SIZE });
  const measured = await measureThroughput(config, STEPS, REPEAT);
  const rows = shardRanges(BATCH_SIZE, measured.shards)[0].rows;
  const stepMs = (1000 * BATCH_SIZE) / measured.samples_per_second;
  const { contractions, other } = measureParts(config, measured.layers, measured.shards, measured.steps);
  const contractionMs = total(contractions);
  const measuredOther = total(other);
  console.log(`one-thread training, MNIST ${measured.layers.join('-')}, batch ${BATCH_SIZE} = ${measured.shards} shards × ${rows} rows in one pass, float32, ${config.optim.optimizer} (node ${process.version})`);
  console.log(`median of ${REPEAT} epochs of ${measured.steps} steps after a warm-up epoch; each part below timed alone over as many steps`);
  console.log(`target (issue): ≥ ${TARGET_SAMPLES_PER_SECOND.toLocaleString('en-US')} samples/s on one thread`);
  console.log(`measured: ${Math.round(measured.samples_per_second).toLocaleString('en-US')} samples/s (${stepMs.toFixed(3)} ms/step; trainer's overhead outside shards ${(measured.step_overhead_us / 1000).toFixed(3)} ms/step)`);
  console.log('');
  console.log(`${'part'.padEnd(40)} ${'ms/step'.padStart(8)} ${'share'.padStart(7)}`);
  console.log(line('contractions (einsum plans)', contractionMs, stepMs));
  for (const part of contractions) console.log(line(`  ${part.label}`, part.ms, stepMs));
  console.log(line('everything else (step − contractions)', stepMs - contractionMs, stepMs));
  for (const part of other) console.log(line(`  ${part.label}`, part.ms, stepMs));
  console.log(line('  rest (gather, bias rows, dispatch)', stepMs - contractionMs - measuredOther, stepMs));
}

await main();
