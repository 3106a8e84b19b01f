import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Network, type NetworkSpec } from '../../src/nn/network.js';
import { parameterLayout } from '../../src/nn/parameters.js';
import { classTargets, valueTargets } from '../../src/nn/targets.js';
import type { LossName } from '../../src/nn/losses/losses.js';
import type { ActivationName } from '../../src/ops/activations.js';
import { fcOptions } from '../support/fc.js';

const hidden: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity'];
const pairs: { output: ActivationName; loss: LossName }[] = [
  { output: 'softmax', loss: 'cross-entropy' },
  { output: 'softmax', loss: 'mse' },
  { output: 'sigmoid', loss: 'mse' },
  { output: 'identity', loss: 'sse' },
  { output: 'tanh', loss: 'sse' },
  { output: 'leaky-relu', loss: 'mse' },
];

const arbNetwork = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
  classes: fc.integer({ min: 2, max: 5 }),
  rows: fc.integer({ min: 1, max: 4 }),
  activation: fc.constantFrom(...hidden),
  head: fc.constantFrom(...pairs),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

/** A small deterministic generator for test values. */
function values(seed: number, n: number, scale: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = scale * ((s / 2 ** 32) * 2 - 1);
  }
  return out;
}

describe('Network (float64)', () => {
  it('whole-network gradient equals central finite differences of the batch loss', () => {
    fc.assert(
      fc.property(arbNetwork, ({ widths, classes, rows, activation, head, seed }) => {
        const spec: NetworkSpec = { widths: [widths[0], ...widths.slice(1), classes], activation, output: head.output, loss: head.loss };
        const layout = parameterLayout(spec.widths);
        const params = values(seed, layout.count, 0.8);
        const network = new Network(spec, params, rows, 'float64');
        network.input.set(values(seed + 1, rows * spec.widths[0], 1.5));
        const labels = Int32Array.from({ length: rows }, (_, r) => (seed + r) % classes);
        const grads = new Float64Array(layout.count);
        const scratch = new Float64Array(layout.count);
        const loss = (): number => {
          network.forward(rows);
          return network.backward(labels, 0, rows, rows, scratch).lossSum / rows;
        };
        network.forward(rows);
        network.backward(labels, 0, rows, rows, grads);
        const h = 6e-6;
        for (let p = 0; p < layout.count; p++) {
          const saved = params[p];
          params[p] = saved + h;
          const up = loss();
          params[p] = saved - h;
          const down = loss();
          params[p] = saved;
          const numeric = (up - down) / (2 * h);
          expect(Math.abs(grads[p] - numeric)).toBeLessThanOrEqual(1e-5 + 1e-3 * Math.abs(numeric));
        }
      }),
      fcOptions(100),
    );
  });

  it('the gradient of a batch is the sum of its shards’ gradients, each scaled by the batch size', () => {
    fc.assert(
      fc.property(arbNetwork, fc.integer({ min: 1, max: 3 }), ({ widths, classes, rows, activation, head, seed }, cut) => {
        const spec: NetworkSpec = { widths: [widths[0], ...widths.slice(1), classes], activation, output: head.output, loss: head.loss };
        const layout = parameterLayout(spec.widths);
        const params = values(seed, layout.count, 0.8);
        const total = rows + cut;
        const inputs = values(seed + 2, total * spec.widths[0], 1);
        const labels = Int32Array.from({ length: total }, (_, r) => (seed * 7 + r) % classes);
        const whole = new Network(spec, params, total, 'float64');
        whole.input.set(inputs);
        whole.forward(total);
        const full = new Float64Array(layout.count);
        const fullLoss = whole.backward(labels, 0, total, total, full).lossSum;

        const part = new Network(spec, params, total, 'float64');
        const sum = new Float64Array(layout.count);
        let lossSum = 0;
        for (const [start, count] of [[0, rows], [rows, cut]] as const) {
          const g = new Float64Array(layout.count);
          part.input.set(inputs.subarray(start * spec.widths[0], (start + count) * spec.widths[0]));
          part.forward(count);
          lossSum += part.backward(labels, start, count, total, g).lossSum;
          for (let i = 0; i < g.length; i++) sum[i] += g[i];
        }
        expect(lossSum).toBeCloseTo(fullLoss, 10);
        for (let i = 0; i < sum.length; i++) expect(sum[i]).toBeCloseTo(full[i], 12);
      }),
      fcOptions(100),
    );
  });

  it('follows the labels of each call: the loss bound to one labels array is bound again for another', () => {
    const spec: NetworkSpec = { widths: [3, 4, 3], activation: 'tanh', output: 'softmax', loss: 'cross-entropy' };
    const layout = parameterLayout(spec.widths);
    const params = values(7, layout.count, 0.9);
    // One gradient buffer throughout, so the reused network finds the same slice plan each time.
    const grads = new Float64Array(layout.count);
    const run = (network: Network, labels: Int32Array): { loss: number; grads: number[] } => {
      network.input.set(values(11, 2 * 3, 1));
      network.forward(2);
      return { loss: network.backward(labels, 0, 2, 2, grads).lossSum, grads: Array.from(grads) };
    };
    const first = Int32Array.from([0, 1]);
    const second = Int32Array.from([2, 2]);
    const reused = new Network(spec, params, 2, 'float64');
    run(reused, first);
    const again = run(reused, second);
    const fresh = run(new Network(spec, params, 2, 'float64'), second);
    expect(again.loss).toBe(fresh.loss);
    expect(again.grads).toEqual(fresh.grads);
    expect(again.loss).not.toBe(run(new Network(spec, params, 2, 'float64'), first).loss);
  });

  it('prepare only plans ahead: the loss and gradient after it are those of a network never prepared', () => {
    const spec: NetworkSpec = { widths: [3, 4, 3], activation: 'relu', output: 'softmax', loss: 'cross-entropy' };
    const params = values(13, parameterLayout(spec.widths).count, 0.9);
    const labels = Int32Array.from([2, 0, 1]);
    const run = (prepare: ((network: Network, grads: Float64Array) => void) | undefined): { loss: number; grads: number[] } => {
      const network = new Network(spec, params, 3, 'float64');
      const grads = new Float64Array(params.length);
      prepare?.(network, grads);
      network.input.set(values(17, 3 * 3, 1));
      network.forward(3);
      return { loss: network.backward(labels, 0, 3, 3, grads).lossSum, grads: Array.from(grads) };
    };
    const plain = run(undefined);
    expect(run((network, grads) => network.prepare(3, [{ start: 0, rows: 3, grads }]))).toEqual(plain);
    expect(run((network, grads) => network.prepare(3, [{ start: 0, rows: 3, grads }], labels, 0))).toEqual(plain);
  });

  it('clearActivations leaves nothing a later pass reads: the same outputs after it as before', () => {
    const spec: NetworkSpec = { widths: [3, 5, 2], activation: 'relu', output: 'identity', loss: 'sse' };
    const params = values(3, parameterLayout(spec.widths).count, 0.7);
    const network = new Network(spec, params, 4, 'float64');
    network.input.set(values(5, 4 * 3, 1));
    const before = Array.from(network.forward(4));
    const input = Array.from(network.input);
    network.clearActivations();
    expect(Array.from(network.input).every((v) => v === 0)).toBe(true);
    network.input.set(input);
    expect(Array.from(network.forward(4))).toEqual(before);
  });

  it('class labels as an Int32Array, as class targets, or as one-hot numeric rows give mse and sse one loss and gradient, bit for bit', () => {
    fc.assert(
      fc.property(arbNetwork, fc.constantFrom('mse' as const, 'sse' as const), ({ widths, classes, rows, activation, seed }, loss) => {
        const spec: NetworkSpec = { widths: [widths[0], ...widths.slice(1), classes], activation, output: 'sigmoid', loss };
        const layout = parameterLayout(spec.widths);
        const params = values(seed, layout.count, 0.8);
        const labels = Int32Array.from({ length: rows + 1 }, (_, r) => (seed + 3 * r) % classes);
        const oneHot = new Float32Array((rows + 1) * classes);
        labels.forEach((label, r) => (oneHot[r * classes + label] = 1));
        const run = (targets: Parameters<Network['backward']>[0]): { lossSum: number; correct: number; grads: number[] } => {
          const network = new Network(spec, params, rows, 'float64');
          network.input.set(values(seed + 1, rows * spec.widths[0], 1.5));
          network.forward(rows);
          const grads = new Float64Array(layout.count);
          // Rows 1 … rows of the targets: the offset counts rows of either kind.
          const { lossSum, correct } = network.backward(targets, 1, rows, rows + 2, grads);
          return { lossSum, correct, grads: Array.from(grads) };
        };
        const plain = run(labels);
        expect(run(classTargets(labels))).toEqual(plain);
        const numeric = run(valueTargets(oneHot));
        expect(numeric.correct).toBe(0);
        expect({ ...numeric, correct: plain.correct }).toEqual(plain);
      }),
      fcOptions(100),
    );
  });

  it('rejects cross-entropy after an output other than softmax', () => {
    expect(() => new Network({ widths: [2, 3], activation: 'relu', output: 'sigmoid', loss: 'cross-entropy' }, new Float64Array(9), 1, 'float64')).toThrow(/needs --output softmax/);
  });
});

describe('Network (float32, wasm kernels)', () => {
  it('one pass over several slices gives each slice the gradient and loss of its own pass, bit for bit', async () => {
    const { KernelMemory } = await import('../../src/kernels/kernel-memory.js');
    const memory = KernelMemory.main();
    const allocate = (length: number): Float32Array => memory.f32(memory.alloc(4 * Math.max(1, length)), length);
    fc.assert(
      fc.property(arbNetwork, fc.array(fc.integer({ min: 1, max: 13 }), { minLength: 1, maxLength: 4 }), ({ widths, classes, activation, head, seed }, sliceRows) => {
        const spec: NetworkSpec = { widths: [widths[0], ...widths.slice(1), classes], activation, output: head.output, loss: head.loss };
        const layout = parameterLayout(spec.widths);
        const params = allocate(layout.count);
        params.set(values(seed, layout.count, 0.8));
        const total = sliceRows.reduce((x, y) => x + y, 0);
        const inputs = Float32Array.from(values(seed + 3, total * spec.widths[0], 1));
        // The labels live in kernel memory too, as a pass's do, so the loss kernels run.
        const labelCells = allocate(total);
        const labels = new Int32Array(labelCells.buffer, labelCells.byteOffset, total);
        labels.set(Array.from({ length: total }, (_, r) => (seed + 5 * r) % classes));
        const together = new Network(spec, params, total, 'float32', allocate);
        together.input.set(inputs);
        together.forward(total);
        let start = 0;
        const slices = sliceRows.map((rows) => {
          const slice = { start, rows, grads: allocate(layout.count) };
          start += rows;
          return slice;
        });
        const losses = together.backwardSlices(labels, 0, total, 64, slices);
        const apart = new Network(spec, params, total, 'float32', allocate);
        for (const [i, slice] of slices.entries()) {
          const grads = allocate(layout.count);
          apart.input.set(inputs.subarray(slice.start * spec.widths[0], (slice.start + slice.rows) * spec.widths[0]));
          apart.forward(slice.rows);
          const loss = apart.backward(labels, slice.start, slice.rows, 64, grads);
          expect(losses[i]).toEqual(loss);
          expect(Buffer.from(slice.grads.buffer, slice.grads.byteOffset, 4 * layout.count).equals(Buffer.from(grads.buffer, grads.byteOffset, 4 * layout.count))).toBe(true);
        }
      }),
      fcOptions(100),
    );
  });
});

describe('Network.bindBackward', () => {
  it('binds a loss per slice and, per layer, each slice’s gradient steps and a chain step for every layer but the first; bound again, the same steps', () => {
    const spec: NetworkSpec = { widths: [3, 4, 5, 2], activation: 'tanh', output: 'softmax', loss: 'cross-entropy' };
    const layout = parameterLayout(spec.widths);
    const network = new Network(spec, values(7, layout.count, 0.5), 6, 'float64');
    const labels = Int32Array.from([0, 1, 1, 0, 1, 0]);
    const slices = [
      { start: 0, rows: 2, grads: new Float64Array(layout.count) },
      { start: 2, rows: 4, grads: new Float64Array(layout.count) },
    ];
    const steps = network.bindBackward(labels, 0, 6, slices);
    expect(steps.losses).toHaveLength(2);
    expect(steps.layers.map((layer) => [layer.gradients.length, layer.chain === null])).toEqual([
      [2, true],
      [2, false],
      [2, false],
    ]);
    const again = network.bindBackward(labels, 0, 6, slices.map((slice) => ({ ...slice })));
    for (const [s, loss] of again.losses.entries()) expect(loss).toBe(steps.losses[s]);
    for (const [l, layer] of again.layers.entries()) {
      expect(layer.chain).toBe(steps.layers[l].chain);
      for (const [s, gradient] of layer.gradients.entries()) expect(gradient).toBe(steps.layers[l].gradients[s]);
    }
  });
});

describe('Network.backward refuses labels it cannot score', () => {
  it('a label outside the outputs, labels too few for the rows, or a batch size that is not a count', () => {
    const spec: NetworkSpec = { widths: [3, 2], activation: 'relu', output: 'softmax', loss: 'cross-entropy' };
    const network = new Network(spec, values(3, parameterLayout(spec.widths).count, 0.5), 2, 'float64');
    network.input.set(values(4, 6, 1));
    network.forward(2);
    const grads = new Float64Array(parameterLayout(spec.widths).count);
    expect(() => network.backward(Int32Array.from([1, 5]), 0, 2, 2, grads)).toThrow('network: label 5 at 1 is not a class of the 2 outputs');
    expect(() => network.backward(Int32Array.from([1, -1]), 0, 2, 2, grads)).toThrow('label -1');
    expect(() => network.backward(Int32Array.from([1]), 0, 2, 2, grads)).toThrow('network: the targets of rows 0 … 1 lie outside the 1 labels given');
    expect(() => network.backward(Int32Array.from([1, 0]), 0, 2, 0, grads)).toThrow('network: the batch size must be a positive integer, got 0');
    expect(network.backward(Int32Array.from([1, 0]), 0, 2, 2, grads).lossSum).toBeGreaterThan(0);
  });

  it('maxRows must be a positive integer', () => {
    const spec: NetworkSpec = { widths: [3, 2], activation: 'relu', output: 'softmax', loss: 'cross-entropy' };
    expect(() => new Network(spec, new Float64Array(8), 1.5, 'float64')).toThrow('network: maxRows must be a positive integer, got 1.5');
  });
});

describe('Network with class weights', () => {
  const weighted = fc.record({
    rows: fc.integer({ min: 1, max: 5 }),
    classes: fc.integer({ min: 2, max: 4 }),
    head: fc.constantFrom<{ output: ActivationName; loss: LossName }>({ output: 'softmax', loss: 'cross-entropy' }, { output: 'sigmoid', loss: 'mse' }, { output: 'identity', loss: 'sse' }),
    weights: fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: 4, maxLength: 4 }),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  });

  it("a batch's loss and gradient are Σ over its rows of the row's class weight times the row's own loss and gradient", () => {
    fc.assert(
      fc.property(weighted, ({ rows, classes, head, weights, seed }) => {
        const widths = [3, 4, classes];
        const classWeights = weights.slice(0, classes);
        const layout = parameterLayout(widths);
        const params = values(seed, layout.count, 0.8);
        const inputs = values(seed + 1, rows * 3, 1.5);
        const labels = Int32Array.from({ length: rows }, (_, r) => (seed + r) % classes);
        const net = new Network({ widths, activation: 'tanh', output: head.output, loss: head.loss, classWeights }, params, rows, 'float64');
        net.input.set(inputs);
        net.forward(rows);
        const grads = new Float64Array(layout.count);
        const { lossSum } = net.backward(labels, 0, rows, rows, grads);
        const plain = new Network({ widths, activation: 'tanh', output: head.output, loss: head.loss }, params, 1, 'float64');
        const expected = new Float64Array(layout.count);
        let expectedLoss = 0;
        for (let r = 0; r < rows; r++) {
          const row = new Float64Array(layout.count);
          plain.input.set(inputs.subarray(3 * r, 3 * r + 3));
          plain.forward(1);
          const w = classWeights[labels[r]];
          expectedLoss += w * plain.backward(labels, r, 1, rows, row).lossSum;
          for (let p = 0; p < layout.count; p++) expected[p] += w * row[p];
        }
        expect(lossSum).toBeCloseTo(expectedLoss, 9);
        for (let p = 0; p < layout.count; p++) expect(grads[p]).toBeCloseTo(expected[p], 9);
      }),
      fcOptions(100),
    );
  });

  it('weights of 1 give the unweighted gradient, bit for bit', () => {
    fc.assert(
      fc.property(weighted, ({ rows, classes, head, seed }) => {
        const widths = [3, 4, classes];
        const layout = parameterLayout(widths);
        const params = values(seed, layout.count, 0.8);
        const labels = Int32Array.from({ length: rows }, (_, r) => (seed + r) % classes);
        const gradient = (classWeights?: number[]): Float64Array => {
          const net = new Network({ widths, activation: 'relu', output: head.output, loss: head.loss, ...(classWeights === undefined ? {} : { classWeights }) }, params, rows, 'float64');
          net.input.set(values(seed + 1, rows * 3, 1.5));
          net.forward(rows);
          const grads = new Float64Array(layout.count);
          net.backward(labels, 0, rows, rows, grads);
          return grads;
        };
        expect(Array.from(gradient(new Array<number>(classes).fill(1)))).toEqual(Array.from(gradient()));
      }),
      fcOptions(50),
    );
  });

  it('class weights must be one positive number per output, and weigh class labels only', () => {
    const spec: NetworkSpec = { widths: [2, 3], activation: 'relu', output: 'softmax', loss: 'cross-entropy', classWeights: [1, 2] };
    expect(() => new Network(spec, new Float64Array(9), 1, 'float64')).toThrow('network: class weights must be one positive number per output, got [1, 2]');
    expect(() => new Network({ ...spec, classWeights: [1, 0, 1] }, new Float64Array(9), 1, 'float64')).toThrow(RangeError);
    const net = new Network({ ...spec, output: 'identity', loss: 'mse', classWeights: [1, 1, 1] }, new Float64Array(9), 1, 'float64');
    net.forward(1);
    expect(() => net.backward(valueTargets(new Float32Array(3)), 0, 1, 1, new Float64Array(9))).toThrow('class weights weigh class labels, not numeric targets');
  });
});

describe('Network.bindLoss', () => {
  it('scores the rows of the last forward pass as backward does: the same loss sum, and the hits of their labels', () => {
    fc.assert(
      fc.property(arbNetwork, ({ widths, classes, rows, activation, head, seed }) => {
        const spec: NetworkSpec = { widths: [widths[0], ...widths.slice(1), classes], activation, output: head.output, loss: head.loss };
        const layout = parameterLayout(spec.widths);
        const network = new Network(spec, values(seed, layout.count, 0.8), rows, 'float64');
        network.input.set(values(seed + 1, rows * spec.widths[0], 1.5));
        const labels = Int32Array.from({ length: rows }, (_, r) => (seed + r) % classes);
        const score = network.bindLoss(classTargets(labels), 0, rows);
        const out = network.forward(rows);
        const scored = score(1);
        let hits = 0;
        for (let r = 0; r < rows; r++) {
          let best = 0;
          for (let j = 1; j < classes; j++) if (out[r * classes + j] > out[r * classes + best]) best = j;
          if (best === labels[r]) hits++;
        }
        expect(scored.correct).toBe(hits);
        expect(scored.lossSum).toBe(network.backward(labels, 0, rows, rows, new Float64Array(layout.count)).lossSum);
      }),
      fcOptions(100),
    );
  });
});
