// A feed-forward network of dense layers over caller-owned buffers: forward, loss, backward chain.

import { type DType, type Storage, allocate as allocateArray } from '../tensor/dtype.js';
import { ACTIVATIONS, type ActivationName } from '../ops/activations.js';
import type { BoundStep } from '../kernels/bound-kernel.js';
import { type BoundLayer, type BoundLayerGradients, type LayerViews, bindLayer, bindLayerGradients } from './dense-layer.js';
import { type BoundLoss, type ShardLoss, bindLossGradient } from './loss.js';
import { type LossName, checkLossOutput } from './losses/losses.js';
import { type ParameterLayout, parameterLayout } from './parameters.js';
import { type Targets, asTargets } from './targets.js';

/** The architecture: widths (input first), activations and loss. */
export interface NetworkSpec {
  readonly widths: readonly number[];
  readonly activation: ActivationName;
  readonly output: ActivationName;
  readonly loss: LossName;
  /** Huber's δ, for `loss` huber: a positive number, 1 when absent. */
  readonly huberDelta?: number;
  /** A positive weight per output class, multiplying each row's loss (class labels only); absent: all 1. */
  readonly classWeights?: readonly number[];
}

/** Hands out zeroed arrays of the network's dtype (plain memory, kernel memory or a shared region). */
export type Allocator = (length: number) => Storage;

/**
 * A run of `rows` rows, from row `start` of a forward pass, whose parameter gradient goes to
 * `grads`: one shard of a minibatch, when a thread runs several shards in one pass.
 */
export interface GradientSlice {
  readonly start: number;
  readonly rows: number;
  readonly grads: Storage;
}

/** A backward pass's steps for one row count and list of slices, bound once, for a caller that runs them in an order of its own. */
export interface BackwardSteps {
  /** Per slice: its loss against its labels, which also writes its rows of the last layer's ∂C/∂z. */
  readonly losses: readonly BoundLoss[];
  /** Per layer, the first layer first: each slice's dW and db, then the chain's step down to the layer below. */
  readonly layers: readonly LayerBackward[];
}

/** One layer's part of a backward pass (see BackwardSteps). */
export interface LayerBackward {
  /** Per slice: its rows' dW and db into its gradient buffer. */
  readonly gradients: readonly BoundLayerGradients[];
  /** ∂C/∂a of the layer below, then through σ' into its ∂C/∂z, in place (null for the first layer). */
  readonly chain: BoundStep | null;
}

/** Everything bound for one row count: views sized for it and the layers' compiled plans. */
interface RowPlan {
  readonly input: Storage;
  readonly z: readonly Storage[];
  readonly a: readonly Storage[];
  readonly g: readonly Storage[];
  readonly layers: readonly BoundLayer[];
  /** Layer l's activation σ(z(l)) into a(l). */
  readonly activations: readonly BoundStep[];
  /** Layer l's step down the chain (see LayerBackward.chain): null for the first layer. */
  readonly chains: readonly (BoundStep | null)[];
  /** Per slice (keyed by start, rows and gradient buffer): its views of the last layer and its parameter-gradient steps. */
  readonly slices: Map<string, SlicePlan>;
}

/** One slice's views of the output layer, its layers' parameter-gradient steps and its loss. */
interface SlicePlan {
  readonly rows: number;
  readonly z: Storage;
  readonly a: Storage;
  readonly g: Storage;
  readonly gradients: readonly BoundLayerGradients[];
  /** The loss, bound to the targets (their array and offset) it was last called with. */
  loss: { readonly targets: Int32Array | Float32Array; readonly offset: number; readonly run: BoundLoss } | undefined;
}

/**
 * A network bound to one parameter buffer (read) and its own activation scratch for up to
 * `maxRows` samples at a time; each backward pass names the gradient buffers it writes.
 * NOTE: every row's arithmetic is independent of the other rows in a pass (the GEMM kernel sums
 * each element in the same order whatever its tile), so rows computed together or apart give the
 * same bits: a thread may run all its shards in one pass.
 * The backward chain: each layer receives g = ∂C/∂z, writes dW and db, and passes ∂C/∂a back.
 */
export class Network {
  readonly layout: ParameterLayout;
  private readonly zBuffers: Storage[];
  private readonly aBuffers: Storage[];
  private readonly gBuffers: Storage[];
  private readonly inputBuffer: Storage;
  private readonly plans = new Map<number, RowPlan>();
  /** A small number per gradient buffer a slice has written, for the slice plans' keys. */
  private readonly sliceKeys = new Map<Storage, number>();

  constructor(
    readonly spec: NetworkSpec,
    readonly params: Storage,
    readonly maxRows: number,
    readonly dtype: DType,
    allocate: Allocator = (length) => allocateArray(dtype, length),
  ) {
    checkLossOutput(spec.loss, spec.output);
    const delta = spec.huberDelta;
    if (delta !== undefined && !(delta > 0 && Number.isFinite(delta))) throw new RangeError(`network: Huber's δ must be a positive number, got ${delta}`);
    if (!(Number.isSafeInteger(maxRows) && maxRows >= 1)) throw new RangeError(`network: maxRows must be a positive integer, got ${maxRows}`);
    const weights = spec.classWeights;
    if (weights !== undefined && (weights.length !== spec.widths[spec.widths.length - 1] || !weights.every((w) => w > 0 && Number.isFinite(w)))) {
      throw new RangeError(`network: class weights must be one positive number per output, got [${weights.join(', ')}]`);
    }
    this.layout = parameterLayout(spec.widths);
    if (params.length < this.layout.count) throw new RangeError(`network: ${this.layout.count} parameters need a buffer of that length; got ${params.length}`);
    this.inputBuffer = allocate(maxRows * spec.widths[0]);
    this.zBuffers = this.layout.layers.map((l) => allocate(maxRows * l.outputs));
    this.aBuffers = this.layout.layers.map((l) => allocate(maxRows * l.outputs));
    this.gBuffers = this.layout.layers.map((l) => allocate(maxRows * l.outputs));
  }

  /** Number of layers. */
  get depth(): number {
    return this.layout.layers.length;
  }

  /** The input buffer, [maxRows, inputs]: write a shard's features here before `forward`. */
  get input(): Storage {
    return this.inputBuffer;
  }

  /** After a backward pass over `rows` rows: the first layer's g = ∂C/∂z, [rows, outputs of layer 0]. */
  firstDeltas(rows: number): Storage {
    return this.planFor(rows).g[0];
  }

  /** Runs the forward pass on the first `rows` rows of `input`; returns the output activations [rows, outputs]. */
  forward(rows: number): Storage {
    const plan = this.planFor(rows);
    for (let l = 0; l < plan.layers.length; l++) {
      plan.layers[l].forward();
      plan.activations[l]();
    }
    return plan.a[plan.layers.length - 1];
  }

  /**
   * Plans and binds everything `forward(rows)` and `backwardSlices` over `slices` use (their losses
   * too, when given the targets and offset they will be called with), so that their first call
   * plans nothing (each is planned once either way).
   */
  prepare(rows: number, slices: readonly GradientSlice[], targets?: Targets | Int32Array, offset = 0): void {
    if (targets === undefined) {
      const plan = this.planFor(rows);
      for (const slice of slices) this.sliceFor(plan, slice);
    } else {
      this.bindBackward(targets, offset, rows, slices);
    }
  }

  /** Writes zeros through the input and activation buffers; a pass writes every value it reads from them first. */
  clearActivations(): void {
    this.inputBuffer.fill(0);
    for (const buffers of [this.zBuffers, this.aBuffers, this.gBuffers]) for (const buffer of buffers) buffer.fill(0);
  }

  /**
   * After `forward(rows)`: computes the loss of those rows against the targets of rows offset …
   * (an Int32Array is class labels) and writes their gradient, as a share of a minibatch of
   * `batchSize` samples, into `grads`.
   */
  backward(targets: Targets | Int32Array, offset: number, rows: number, batchSize: number, grads: Storage): ShardLoss {
    return this.backwardSlices(targets, offset, rows, batchSize, [{ start: 0, rows, grads }])[0];
  }

  /**
   * After `forward(rows)`: the backward chain over all `rows`, with each slice's loss and
   * parameter gradient kept apart (slices cover the rows in order). Returns each slice's loss.
   * Runs bindBackward's steps: the losses, then from the last layer down each layer's gradients and chain.
   */
  backwardSlices(targets: Targets | Int32Array, offset: number, rows: number, batchSize: number, slices: readonly GradientSlice[]): ShardLoss[] {
    this.checkTargets(targets, offset, rows, batchSize);
    const { losses, layers } = this.bindBackward(targets, offset, rows, slices);
    const results = losses.map((loss) => loss(batchSize));
    for (let l = layers.length - 1; l >= 0; l--) {
      for (const gradient of layers[l].gradients) {
        gradient.weightGradient();
        gradient.biasGradient();
      }
      layers[l].chain?.();
    }
    return results;
  }

  /**
   * The steps of a backward pass over `rows` rows and `slices` (targets from row offset + slice.start on),
   * bound, for a caller that orders them itself (backwardSlices runs them in order).
   */
  bindBackward(targets: Targets | Int32Array, offset: number, rows: number, slices: readonly GradientSlice[]): BackwardSteps {
    const plan = this.planFor(rows);
    const bound = slices.map((slice) => this.sliceFor(plan, slice));
    const given = asTargets(targets);
    return {
      losses: bound.map((slice, s) => this.lossOf(slice, given, offset + slices[s].start)),
      layers: plan.chains.map((chain, l) => ({ gradients: bound.map((slice) => slice.gradients[l]), chain })),
    };
  }

  /**
   * Throws unless the targets hold `rows` rows from row `offset` (class labels: classes of this
   * network's outputs; numeric targets: rows of as many values as it has outputs) and `batchSize`
   * is a count: a label out of range would give a NaN loss and still write gradients. One pass over
   * the pass's labels, nothing allocated.
   */
  checkTargets(targets: Targets | Int32Array, offset: number, rows: number, batchSize: number): void {
    if (!(Number.isSafeInteger(batchSize) && batchSize >= 1)) throw new RangeError(`network: the batch size must be a positive integer, got ${batchSize}`);
    const outputs = this.spec.widths[this.spec.widths.length - 1];
    const given = asTargets(targets);
    const labels = given.kind === 'classes' ? given.labels : undefined;
    const count = labels === undefined ? Math.floor(targetArray(given).length / outputs) : labels.length;
    if (!(Number.isSafeInteger(offset) && offset >= 0 && offset + rows <= count)) {
      const held = labels === undefined ? `${count} rows of ${outputs} target values` : `${count} labels`;
      throw new RangeError(`network: the targets of rows ${offset} … ${offset + rows - 1} lie outside the ${held} given`);
    }
    if (labels === undefined) return;
    for (let r = offset; r < offset + rows; r++) {
      if (labels[r] < 0 || labels[r] >= outputs) throw new RangeError(`network: label ${labels[r]} at ${r} is not a class of the ${outputs} outputs`);
    }
  }

  /**
   * The loss of the rows of `forward(rows)` against the targets of rows offset …, bound once, for scoring
   * held-out rows: each call returns their loss sum and hits (and writes the output layer's ∂C/∂z, which nothing reads).
   */
  bindLoss(targets: Targets, offset: number, rows: number): BoundLoss {
    this.checkTargets(targets, offset, rows, 1);
    const plan = this.planFor(rows);
    const last = this.depth - 1;
    const { loss, output } = this.spec;
    return bindLossGradient(loss, output, plan.z[last], plan.a[last], targets, offset, plan.g[last], rows, this.spec.widths[this.depth], this.spec);
  }

  private planFor(rows: number): RowPlan {
    const cached = this.plans.get(rows);
    if (cached !== undefined) return cached;
    if (!Number.isInteger(rows) || rows < 1 || rows > this.maxRows) {
      throw new RangeError(`network: ${rows} rows do not fit its buffers of ${this.maxRows}`);
    }
    const widths = this.spec.widths;
    const input = this.inputBuffer.subarray(0, rows * widths[0]);
    const z = this.zBuffers.map((b, l) => b.subarray(0, rows * widths[l + 1]));
    const a = this.aBuffers.map((b, l) => b.subarray(0, rows * widths[l + 1]));
    const g = this.gBuffers.map((b, l) => b.subarray(0, rows * widths[l + 1]));
    const views = this.layerViews(input, z, a, g);
    const layers = this.layout.layers.map((slots, l) => bindLayer(slots, this.params, views[l], rows, this.dtype));
    const last = this.depth - 1;
    const { activation, output } = this.spec;
    const hidden = ACTIVATIONS[activation];
    const activations = layers.map((_, l) => (l === last ? ACTIVATIONS[output] : hidden).bindForward(z[l], a[l], rows, widths[l + 1]));
    const chains = layers.map((layer, l): BoundStep | null => {
      if (l === 0) return null;
      // g(l−1) holds ∂C/∂a(l−1) after the layer's input gradient; through σ' it becomes ∂C/∂z(l−1), in place.
      const throughActivation = hidden.bindBackward(z[l - 1], a[l - 1], g[l - 1], g[l - 1], rows, widths[l]);
      return () => {
        layer.inputGradient();
        throughActivation();
      };
    });
    const plan: RowPlan = { input, z, a, g, layers, activations, chains, slices: new Map() };
    this.plans.set(rows, plan);
    return plan;
  }

  /** The slice's views (rows start … start+rows of the pass's buffers) and its gradient steps, bound once. */
  private sliceFor(plan: RowPlan, slice: GradientSlice): SlicePlan {
    const { start, rows, grads } = slice;
    let byBuffer = this.sliceKeys.get(grads);
    if (byBuffer === undefined) {
      byBuffer = this.sliceKeys.size;
      this.sliceKeys.set(grads, byBuffer);
    }
    const key = `${start}:${rows}:${byBuffer}`;
    const cached = plan.slices.get(key);
    if (cached !== undefined) return cached;
    if (grads.length < this.layout.count) throw new RangeError(`network: the gradient buffer has ${grads.length} elements; ${this.layout.count} needed`);
    const widths = this.spec.widths;
    const rowsOf = (buffers: readonly Storage[], l: number): Storage => buffers[l].subarray(start * widths[l + 1], (start + rows) * widths[l + 1]);
    const input = plan.input.subarray(start * widths[0], (start + rows) * widths[0]);
    const z = plan.z.map((_, l) => rowsOf(plan.z, l));
    const a = plan.a.map((_, l) => rowsOf(plan.a, l));
    const g = plan.g.map((_, l) => rowsOf(plan.g, l));
    const views = this.layerViews(input, z, a, g);
    const last = this.depth - 1;
    const bound: SlicePlan = {
      rows,
      z: z[last],
      a: a[last],
      g: g[last],
      gradients: this.layout.layers.map((slots, l) => bindLayerGradients(slots, this.params, grads, views[l], rows, this.dtype)),
      loss: undefined,
    };
    plan.slices.set(key, bound);
    return bound;
  }

  /** The slice's loss against the targets of rows offset …, bound on first use and again when the targets' array changes. */
  private lossOf(slice: SlicePlan, targets: Targets, offset: number): BoundLoss {
    const array = targetArray(targets);
    const cached = slice.loss;
    if (cached !== undefined && cached.targets === array && cached.offset === offset) return cached.run;
    const { loss, output } = this.spec;
    const width = this.spec.widths[this.depth];
    const run = bindLossGradient(loss, output, slice.z, slice.a, targets, offset, slice.g, slice.rows, width, this.spec);
    slice.loss = { targets: array, offset, run };
    return run;
  }

  private layerViews(input: Storage, z: readonly Storage[], a: readonly Storage[], g: readonly Storage[]): LayerViews[] {
    return this.layout.layers.map((_, l) => ({ input: l === 0 ? input : a[l - 1], z: z[l], g: g[l], inputGradient: l === 0 ? null : g[l - 1] }));
  }
}

/** The array that holds the targets: the labels, or the values. */
function targetArray(targets: Targets): Int32Array | Float32Array {
  return targets.kind === 'classes' ? targets.labels : targets.values;
}
