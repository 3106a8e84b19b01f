// The training loop: epochs of minibatches, each cut into shards, reduced in a fixed order, then one optimiser step.

import { allFinite } from '../kernels/all-finite.js';
import { KernelMemory } from '../kernels/kernel-memory.js';
import type { NetworkSpec } from '../nn/network.js';
import { initialize } from '../nn/init.js';
import { type ParameterLayout, parameterLayout } from '../nn/parameters.js';
import { createOptimizer } from '../optim/create-optimizer.js';
import { learningRate } from '../optim/learning-rate.js';
import type { Optimizer } from '../optim/optimizer.js';
import { optimizerStateNames } from '../optim/optimizer-state-names.js';
import {
  Executor, type ExecutorTestOptions, type LayoutSizes, type LayoutViews, REGION_ALIGN, type SharedLayout, type StepPlan, type StepResult,
  defaultShardCount, layoutViews, planEpoch, planLayout,
} from '../parallel/index.js';
import { epochOrder } from '../data/epoch-order.js';
import { Random } from '../tensor/random.js';
import { UserError } from '../errors.js';
import type { TrainConfig } from './config.js';
import { type DatasetLoader, type PreparedData, prepareData } from './prepare.js';
import type { TrainingState } from './state.js';
import type { EpochProgress, Progress, TrainResult } from './reports.js';
import { Meter } from './meter.js';
import { checkMemoryFits } from './memory-fit.js';
import { checkTrainConfig } from './check-config.js';

/**
 * The step loop lets the event loop run (a SIGINT handler, a worker's error) at least this often.
 * A turn each step cost tens of microseconds, a few per cent of a small batch's step.
 */
const YIELD_MILLISECONDS = 10;

/** How a run is driven: checkpoints, callbacks, interruption. */
export interface RunOptions {
  /** Continue from this state (its config must match; `epochs` counts the total). */
  readonly resume?: TrainingState;
  /** Called with the state after each epoch and when interrupted, to be saved. */
  readonly checkpoint?: (state: TrainingState) => void;
  readonly onStep?: (progress: Progress) => void;
  /** Call onStep every this many steps (0: never). */
  readonly logEvery?: number;
  readonly onEpoch?: (progress: EpochProgress) => void;
  /** Aborting stops the run at the next step boundary. */
  readonly signal?: AbortSignal;
  /** Called once the data is loaded and the workers are up, before the first step: from here on a stop can save a checkpoint. */
  readonly onStart?: () => void;
  /** End each epoch after at most this many steps (benchmarks: short epochs of full batches); default a whole pass. */
  readonly stepsPerEpoch?: number;
}

/** Trains a network as `config` says, its data read by `load`; resolves with the result, rejects with a readable error. */
export async function train(config: TrainConfig, options: RunOptions = {}, load?: DatasetLoader): Promise<TrainResult> {
  return trainWith(config, options, {}, load);
}

/**
 * train with the executor's test options (a worker entry that injects faults, a wrapped coordinator): for tests, not exported from the package.
 * @internal
 */
export async function trainWith(config: TrainConfig, options: RunOptions, test: ExecutorTestOptions, load?: DatasetLoader): Promise<TrainResult> {
  checkTrainConfig(config);
  const steps = options.stepsPerEpoch;
  if (steps !== undefined && !(Number.isSafeInteger(steps) && steps >= 1)) throw new UserError(`train: options.stepsPerEpoch must be a positive integer, got ${steps}`);
  const run = new TrainingRun(config, options, test, load);
  let result: TrainResult;
  try {
    await run.ready();
    options.onStart?.();
    result = await run.execute();
  } finally {
    await run.close();
  }
  // A worker that failed between items of the last steps left its work to the others: the result is whole, but say so.
  run.checkWorkers();
  return result;
}

/** One run's resources: the shared layout, the optimiser, the executor. */
class TrainingRun {
  private readonly data: PreparedData;
  private readonly spec: NetworkSpec;
  private readonly params: ParameterLayout;
  private readonly shards: number;
  /** The step plans: full batches', then a shorter last batch's where there is one. */
  private readonly plans: readonly StepPlan[];
  private readonly layout: SharedLayout;
  private readonly views: LayoutViews;
  private readonly optimizer: Optimizer;
  private readonly executor: Executor;
  /** The kernel memory's arena mark before this run's allocations, and after them. */
  private readonly arena: { readonly before: number; readonly after: number };

  constructor(
    private readonly config: TrainConfig,
    private readonly options: RunOptions,
    test: ExecutorTestOptions,
    load: DatasetLoader | undefined,
  ) {
    const resume = options.resume;
    this.data = prepareData(config, resume, load);
    this.spec = { widths: this.data.widths, activation: config.model.activation, output: config.model.output, loss: config.model.loss };
    this.params = parameterLayout(this.data.widths);
    this.shards = config.shards ?? defaultShardCount(config.batchSize);
    const memory = KernelMemory.main();
    const before = memory.mark();
    this.plans = planEpoch(this.data.train.count, config.batchSize, this.shards, config.threads, this.data.widths);
    const sizes: LayoutSizes = {
      ...this.plans[0].sizes,
      sampleCount: this.data.train.count,
      testCount: this.data.test.count,
      optimizerBuffers: optimizerStateNames(config.optim.optimizer),
    };
    const layoutBytes = planLayout(sizes, 0).bytes;
    // The layout, then the coordinator's own activations and packing buffers after it.
    checkMemoryFits(sizes, this.data.widths, REGION_ALIGN + layoutBytes + sizes.scratchBytes, memory.free);
    const base = memory.alloc(layoutBytes, REGION_ALIGN);
    try {
      this.layout = planLayout(sizes, base);
      this.views = layoutViews(this.layout, memory.memory.buffer);
      this.views.features.set(this.data.train.features);
      this.views.labels.set(this.data.train.labels);
      this.views.testFeatures.set(this.data.test.features);
      this.views.testLabels.set(this.data.test.labels);
      this.optimizer = createOptimizer(config.optim, this.params.count, (name) => this.views.optimizer[name]);
      if (resume === undefined) initialize(config.model.init, this.params, this.views.params, Random.stream(config.seed, 'init'));
      else restoreParameters(resume, this.params, this.views, this.optimizer);
      this.executor = Executor.start(this.layout, this.views, this.plans, this.spec, config.optim, memory, test);
    } catch (error) {
      // A run that cannot start (a bad checkpoint, a refused test option) gives its memory back.
      memory.release(before);
      throw error;
    }
    this.arena = { before, after: memory.mark() };
  }

  /** Runs the remaining epochs; returns the result (interrupted or not). */
  async execute(): Promise<TrainResult> {
    const { config, options, views } = this;
    const train = this.data.train;
    const stepsPerEpoch = Math.min(Math.ceil(train.count / config.batchSize), options.stepsPerEpoch ?? Infinity);
    const shuffle = Random.stream(config.seed, 'shuffle');
    if (options.resume !== undefined) shuffle.setState(options.resume.rng.shuffle ?? shuffle.state());
    let epoch = options.resume?.epoch ?? 0;
    let skip = options.resume?.step ?? 0;
    if (options.resume !== undefined) checkResumePoint(epoch, skip, config.epochs, stepsPerEpoch);
    const started = performance.now();
    const total = new Meter();
    let last = new Meter();
    let testAccuracy = Number.NaN;
    let interrupted = false;
    // Where an interrupted run stopped: the state its checkpoint holds, and its result's too.
    let stoppedAt: TrainingState | undefined;
    let yielded = Date.now();
    for (; epoch < config.epochs; epoch++) {
      const epochStart = shuffle.state();
      views.order.set(epochOrder(train.count, config.shuffle ? shuffle : null));
      const lr = learningRate(config.optim, epoch, config.epochs);
      const meter = new Meter();
      for (let step = skip; step < stepsPerEpoch; step++) {
        if (options.signal?.aborted === true) {
          this.executor.checkEarlierFailure();
          this.checkStateFinite(epoch);
          stoppedAt = this.state(epoch, step, epochStart);
          options.checkpoint?.(stoppedAt);
          interrupted = true;
          break;
        }
        const batchStart = step * config.batchSize;
        const batchRows = Math.min(config.batchSize, train.count - batchStart);
        const began = performance.now();
        const outcome = await this.step(batchStart, batchRows, lr, epoch, step);
        const seconds = (performance.now() - began) / 1000;
        meter.add(batchRows, outcome.lossSum, outcome.correct, seconds, outcome.seconds);
        total.add(batchRows, outcome.lossSum, outcome.correct, seconds, outcome.seconds);
        // A turn of the event loop now and then lets a SIGINT handler run between steps.
        if (Date.now() - yielded >= YIELD_MILLISECONDS) {
          await new Promise((resolve) => setImmediate(resolve));
          yielded = Date.now();
        }
        const every = options.logEvery ?? 0;
        if (every > 0 && (step + 1) % every === 0) options.onStep?.(this.progress(epoch, step + 1, stepsPerEpoch, meter, started));
      }
      skip = 0;
      // A worker that failed between items of a step left its work to the others: report it before any checkpoint.
      this.executor.checkEarlierFailure();
      this.checkStateFinite(epoch);
      if (interrupted) break;
      last = meter;
      testAccuracy = await this.testAccuracy();
      options.checkpoint?.(this.state(epoch + 1, 0, shuffle.state()));
      options.onEpoch?.({ ...this.progress(epoch + 1, stepsPerEpoch, stepsPerEpoch, meter, started), test_accuracy: testAccuracy });
    }
    if (Number.isNaN(testAccuracy)) testAccuracy = await this.testAccuracy();
    return {
      test_accuracy: testAccuracy,
      train_loss: last.loss,
      train_accuracy: last.accuracy,
      epochs: epoch,
      steps: total.steps,
      samples_per_second: total.samplesPerSecond,
      step_overhead_us: total.overheadMicros,
      step_imbalance_us: total.imbalanceMicros,
      thread_shard_us: total.threadMicros,
      claims_moved_per_step: total.movedPerStep,
      threads: this.executor.threads,
      shards: this.shards,
      seed: config.seed,
      layers: this.data.widths,
      train_samples: train.count,
      test_samples: this.data.test.count,
      elapsed_seconds: (performance.now() - started) / 1000,
      interrupted,
      parameters: this.views.params.slice(),
      state: stoppedAt ?? this.state(epoch, 0, shuffle.state()),
    };
  }

  /** The share of the test set the current parameters classify right, every thread evaluating a share (NaN for an empty set). */
  private async testAccuracy(): Promise<number> {
    const count = this.data.test.count;
    return count === 0 ? Number.NaN : (await this.executor.evaluate()) / count;
  }

  /** One minibatch: shards in parallel, then by parameter range the fixed-order reduction, a finiteness check and the optimiser step. */
  private async step(batchStart: number, batchRows: number, lr: number, epoch: number, step: number): Promise<StepResult> {
    const result = await this.executor.runShards(batchStart, batchRows);
    const diverged = (what: string): UserError =>
      new UserError(`training diverged at epoch ${epoch + 1}, step ${step + 1}: the ${what} is not finite (NaN or Inf in the data, or the learning rate ${lr} is too high)`);
    if (!Number.isFinite(result.lossSum)) throw diverged('loss');
    // NOTE: a range whose gradient is not finite is left as it was, but others may have been
    // updated already: the run stops here, and only the last checkpoint is kept.
    if (!(await this.executor.update(batchRows, lr, this.optimizer.advance()))) throw diverged('gradient');
    return result;
  }

  private progress(epoch: number, step: number, stepsPerEpoch: number, meter: Meter, started: number): Progress {
    const elapsed = (performance.now() - started) / 1000;
    return {
      epoch,
      step,
      stepsPerEpoch,
      loss: meter.loss,
      accuracy: meter.accuracy,
      samples_per_second: meter.samplesPerSecond,
      step_overhead_us: meter.overheadMicros,
      step_imbalance_us: meter.imbalanceMicros,
      threads: this.executor.threads,
      elapsed,
    };
  }

  /** The run's state with `epoch` epochs and `step` steps of the next done; `shuffleState` opens that epoch. */
  /**
   * Throws if the parameters or the optimiser's state hold a NaN or ±Inf. Each step checks the loss
   * and the summed gradient, but a finite gradient can still overflow a state buffer (Adam's v
   * squares it: float32 overflows from |g| ≈ 2e19 on), which then silently stops those parameters.
   * Checked once an epoch and before a checkpoint, which could not hold such values.
   */
  private checkStateFinite(epoch: number): void {
    const named: [string, Float32Array][] = [['parameters', this.views.params], ...Object.entries(this.views.optimizer).map(([name, buffer]): [string, Float32Array] => [`optimiser's "${name}" state`, buffer])];
    for (const [what, values] of named) {
      if (allFinite(values)) continue;
      throw new UserError(
        `training diverged in epoch ${epoch + 1}: the ${what} holds NaN or Inf (gradients too large for float32: scale the inputs, e.g. --normalize max, or lower the learning rate ${learningRate(this.config.optim, epoch, this.config.epochs)})`,
      );
    }
  }

  private state(epoch: number, step: number, shuffleState: TrainingState['rng'][string]): TrainingState {
    const params = this.views.params;
    const layers = this.params.layers.map((l) => ({
      weight: params.slice(l.weight, l.weight + l.outputs * l.inputs),
      bias: params.slice(l.bias, l.bias + l.outputs),
      outputs: l.outputs,
      inputs: l.inputs,
    }));
    const { buffers, scalars } = this.optimizer.state();
    const copies = Object.fromEntries(Object.entries(buffers).map(([name, b]) => [name, b.slice()]));
    return { config: this.config, normalization: this.data.normalization, schema: this.data.schema, layers, optimizer: { buffers: copies, scalars: { ...scalars } }, rng: { shuffle: shuffleState }, epoch, step };
  }

  /** Resolves when every thread is started and has planned a full batch, so that no step's time includes a worker's start-up. */
  async ready(): Promise<void> {
    await this.executor.ready();
  }

  /** Throws if a worker failed without failing a phase (see Executor.checkEarlierFailure); call it after close(). */
  checkWorkers(): void {
    this.executor.checkEarlierFailure();
  }

  /** Stops the workers and gives the run's kernel memory back. */
  async close(): Promise<void> {
    await this.executor.close();
    // NOTE: only while nothing was allocated after the run's own buffers: a plan compiled during
    // the run may have put cached scratch there, and that must outlive the run.
    const memory = KernelMemory.main();
    if (memory.mark() === this.arena.after) memory.release(this.arena.before);
  }
}

/** Throws unless a resumed run's epoch and step name a point inside the run: 0 ≤ step < steps an epoch, epoch ≤ epochs. */
function checkResumePoint(epoch: number, step: number, epochs: number, stepsPerEpoch: number): void {
  if (!(Number.isSafeInteger(epoch) && epoch >= 0 && epoch <= epochs)) throw new UserError(`the resumed state's epoch ${epoch} is not from 0 to the run's ${epochs} epochs`);
  if (!(Number.isSafeInteger(step) && step >= 0 && step < stepsPerEpoch)) {
    throw new UserError(`the resumed state's step ${step} is not within an epoch of ${stepsPerEpoch} steps (another batch size or training set?)`);
  }
}

function restoreParameters(resume: TrainingState, layout: ParameterLayout, views: LayoutViews, optimizer: Optimizer): void {
  if (resume.layers.length !== layout.layers.length) throw new UserError(`checkpoint has ${resume.layers.length} layers; the model has ${layout.layers.length}`);
  for (const [i, l] of layout.layers.entries()) {
    const saved = resume.layers[i];
    if (saved.outputs !== l.outputs || saved.inputs !== l.inputs) {
      throw new UserError(`checkpoint tensor layers.${i}.weight is [${saved.outputs}, ${saved.inputs}]; the model needs [${l.outputs}, ${l.inputs}]`);
    }
    // A shorter array would leave the rest of the layer at its initial values, a longer one overrun the next.
    if (saved.weight.length !== l.outputs * l.inputs || saved.bias.length !== l.outputs) {
      throw new UserError(`checkpoint layer ${i} holds ${saved.weight.length} weights and ${saved.bias.length} biases; [${l.outputs}, ${l.inputs}] needs ${l.outputs * l.inputs} and ${l.outputs}`);
    }
    views.params.set(saved.weight, l.weight);
    views.params.set(saved.bias, l.bias);
  }
  for (const [name, buffer] of Object.entries(optimizer.state().buffers)) {
    const saved = resume.optimizer.buffers[name];
    if (saved === undefined || saved.length !== buffer.length) throw new UserError(`checkpoint lacks optimiser state '${name}' of ${buffer.length} values`);
    if (!allFinite(saved)) throw new UserError(`checkpoint's optimiser state '${name}' holds NaN or Inf: the run that saved it had diverged, so it cannot go on (its weights can still be evaluated)`);
    buffer.set(saved);
  }
  optimizer.restore(resume.optimizer.scalars);
}
