// Runs a thread's passes of shards (gather, forward, backward, each shard's gradient and loss); between epochs, its chunks of the held-out sets.

import type { BoundStep } from '../kernels/bound-kernel.js';
import { type BoundGather, bindGatherRows } from '../kernels/gather-rows.js';
import { KernelMemory } from '../kernels/kernel-memory.js';
import type { BoundLoss } from '../nn/loss.js';
import { type Allocator, Network, type NetworkSpec } from '../nn/network.js';
import { type TargetKind, type Targets, classTargets, valueTargets } from '../nn/targets.js';
import type { Storage } from '../tensor/dtype.js';
import { EVALUATION_ROWS, EvalStat, type LayoutViews, ShardStat, evalChunks } from './layout.js';
import { shardRanges } from './shards.js';
import type { PassPlan, StepPlan } from './step-plan.js';

/** The regions a shard runner reads and writes. */
export type RunnerViews = Pick<
  LayoutViews,
  'params' | 'features' | 'labels' | 'values' | 'order' | 'evalFeatures' | 'evalLabels' | 'evalValues' | 'evalOutputs' | 'evalStats' | 'firstInputs' | 'firstDeltas' | 'shardStats'
>;

/** A pass bound to one thread's network: its shards' losses, the rest of its backward pass in order, and its rows' places in the first-layer store. */
export interface BoundPass {
  readonly plan: PassPlan;
  /** Each shard's loss (which writes its rows of the last layer's ∂C/∂z), in the pass's order. */
  readonly losses: readonly BoundLoss[];
  readonly backward: readonly BoundStep[];
  /** Where the step has first-layer tiles: the pass copies its inputs and first-layer ∂C/∂z here instead of writing dW. */
  readonly store: PassStore | undefined;
}

/** A pass's first-layer inputs and ∂C/∂z in the network, and their places in the store. */
interface PassStore {
  readonly inputs: Storage;
  readonly deltas: Storage;
  readonly storedInputs: Float32Array;
  readonly storedDeltas: Float32Array;
}

/**
 * One thread's own network scratch over the shared parameters, and its partial sums. A pass runs
 * several shards' rows at once and keeps each shard's gradient and loss apart (rows do not interact,
 * so the bits are those of shard-by-shard passes); layer by layer, each shard's gradient goes to a
 * partial sum, which the tree's additions then fold into the claim's sum.
 */
export class ShardRunner {
  private readonly network: Network;
  /** A pass's targets, gathered from the training rows. */
  private readonly targets: Targets;
  private readonly gatherInputs: BoundGather;
  private readonly gatherTargets: BoundGather;

  constructor(
    private readonly views: RunnerViews,
    /** This thread's partial sums: levels 1 … depth of any claim it runs. */
    private readonly partials: readonly Float32Array[],
    spec: NetworkSpec,
    plan: StepPlan,
    /** Whether the training and held-out rows have class labels or numeric targets (which regions hold them). */
    private readonly kind: TargetKind,
    allocate: Allocator,
  ) {
    this.network = new Network(spec, views.params, plan.networkRows, 'float32', allocate);
    this.gatherInputs = bindGatherRows(views.features, views.order, spec.widths[0], this.network.input);
    // The targets live beside the activations in kernel memory, where the loss kernel reads them.
    if (kind === 'classes') {
      const cells = allocate(plan.passRows);
      const labels = new Int32Array(cells.buffer, cells.byteOffset, plan.passRows);
      this.targets = classTargets(labels);
      this.gatherTargets = bindGatherRows(views.labels, views.order, 1, labels);
    } else {
      const outputs = spec.widths[spec.widths.length - 1];
      const values = allocate(plan.passRows * outputs);
      if (!(values instanceof Float32Array)) throw new TypeError('einprop: a float32 network was given float64 memory');
      this.targets = valueTargets(values);
      this.gatherTargets = bindGatherRows(views.values, views.order, outputs, values);
    }
  }

  /**
   * Binds a pass of a claim whose sum is `claimSum`, so that running it plans nothing: each shard's
   * gradient into its level, then its merges, layer by layer. With `store`, it leaves the first
   * layer's dW to the tiles, which compute it from the store.
   */
  bindPass(plan: PassPlan, claimSum: Float32Array, store: boolean): BoundPass {
    const sum = (level: number): Float32Array => (level === 0 ? claimSum : this.partials[level - 1]);
    const slices = plan.shards.map(({ shard, level }) => ({ start: shard.start - plan.start, rows: shard.rows, grads: sum(level) }));
    const { losses, layers } = this.network.bindBackward(this.targets, 0, plan.rows, slices);
    const memory = KernelMemory.current();
    const backward: BoundStep[] = [];
    for (let l = layers.length - 1; l >= 0; l--) {
      const slots = this.network.layout.layers[l];
      const [begin, end] = [slots.weight, slots.bias + slots.outputs];
      for (const [i, gradient] of layers[l].gradients.entries()) {
        if (l > 0 || !store) backward.push(gradient.weightGradient);
        backward.push(gradient.biasGradient);
        const { level, merges } = plan.shards[i];
        for (let q = level; q > level - merges; q--) backward.push(memory.bindAddInto(sum(q - 1), sum(q), begin, end));
      }
      const { chain } = layers[l];
      if (chain !== null) backward.push(chain);
    }
    return { plan, losses, backward, store: store ? this.storeOf(plan) : undefined };
  }

  /**
   * Runs `passes` of a minibatch of `batchSize` samples whose first sample is order[batchStart]:
   * overwrites their claim's sum, this thread's partial sums and their shards' ShardStat words; returns the seconds it took.
   */
  run(passes: readonly BoundPass[], batchStart: number, batchSize: number): number {
    const began = performance.now();
    for (let p = 0; p < passes.length; p++) this.pass(passes[p], batchStart, batchSize);
    return (performance.now() - began) / 1000;
  }

  /**
   * Writes zeros through `regions` and the network's activations, so that this thread takes their
   * first-touch page faults before the first step (and, on several memory nodes, holds the pages).
   */
  touch(regions: readonly Float32Array[]): void {
    for (const region of regions) region.fill(0);
    this.network.clearActivations();
  }

  /**
   * Binds this thread's chunks of held-out set `set` (an EvalSet value): share `slot` of the set's chunks of
   * EVALUATION_ROWS rows, cut as `threads` contiguous runs. Each chunk, run, writes its rows' outputs and its
   * EvalStat words; a chunk's bits are the same whichever thread runs it.
   */
  bindEvaluation(set: number, slot: number, threads: number): BoundStep[] {
    const { evalFeatures, evalLabels, evalValues, evalOutputs, evalStats } = this.views;
    const inputs = this.network.spec.widths[0];
    const outputs = this.network.spec.widths[this.network.depth];
    const rowCount = evalOutputs[set].length / outputs;
    const share = shardRanges(evalChunks(rowCount), threads)[slot];
    const targets = this.kind === 'classes' ? classTargets(evalLabels[set]) : valueTargets(evalValues[set]);
    const stats = evalStats[set];
    const steps: BoundStep[] = [];
    for (let chunk = share?.start ?? 0; chunk < (share === undefined ? 0 : share.start + share.rows); chunk++) {
      const start = chunk * EVALUATION_ROWS;
      const rows = Math.min(EVALUATION_ROWS, rowCount - start);
      const from = evalFeatures[set].subarray(start * inputs, (start + rows) * inputs);
      const to = evalOutputs[set].subarray(start * outputs, (start + rows) * outputs);
      const loss = this.network.bindLoss(targets, start, rows);
      const at = EvalStat.count * chunk;
      steps.push(() => {
        this.network.input.set(from);
        to.set(this.network.forward(rows));
        const { lossSum, correct } = loss(1);
        stats[at + EvalStat.lossSum] = lossSum;
        stats[at + EvalStat.correct] = correct;
      });
    }
    return steps;
  }

  /** The network's views of a pass's first-layer inputs and ∂C/∂z, and their places in the store. */
  private storeOf(plan: PassPlan): PassStore {
    const inputs = this.network.spec.widths[0];
    const outputs = this.network.spec.widths[1];
    const { start, rows } = plan;
    return {
      inputs: this.network.input.subarray(0, rows * inputs),
      deltas: this.network.firstDeltas(rows),
      storedInputs: this.views.firstInputs.subarray(start * inputs, (start + rows) * inputs),
      storedDeltas: this.views.firstDeltas.subarray(start * outputs, (start + rows) * outputs),
    };
  }

  /** One pass over consecutive shards: gather, forward, each shard's loss, the backward steps, and the store's copy where there is one. */
  private pass(pass: BoundPass, batchStart: number, batchSize: number): void {
    const { shardStats } = this.views;
    const { plan, losses, backward, store } = pass;
    const from = batchStart + plan.start;
    this.gatherInputs(from, plan.rows);
    this.gatherTargets(from, plan.rows);
    this.network.forward(plan.rows);
    this.network.checkTargets(this.targets, 0, plan.rows, batchSize);
    for (let i = 0; i < losses.length; i++) {
      const result = losses[i](batchSize);
      const stats = ShardStat.count * plan.shards[i].shard.shard;
      shardStats[stats + ShardStat.lossSum] = result.lossSum;
      shardStats[stats + ShardStat.correct] = result.correct;
    }
    for (let s = 0; s < backward.length; s++) backward[s]();
    if (store !== undefined) {
      store.storedInputs.set(store.inputs);
      store.storedDeltas.set(store.deltas);
    }
  }
}
