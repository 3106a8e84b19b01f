// The training loop: epochs of minibatches, each cut into shards, reduced in a fixed order, then one optimiser step.

import { allFinite } from '../kernels/all-finite.js';
import { KernelMemory } from '../kernels/kernel-memory.js';
import type { NetworkSpec } from '../nn/network.js';
import { initialize } from '../nn/init.js';
import { type ParameterLayout, parameterLayout } from '../nn/parameters.js';
import { buildOptimizer } from '../optim/create-optimizer.js';
import { scheduledRate } from '../optim/learning-rate.js';
import type { Optimizer } from '../optim/optimizer.js';
import { optimizerStateNames } from '../optim/optimizer-state-names.js';
import {
  EvalSet, Executor, type ExecutorTestOptions, type LayoutSizes, type LayoutViews, REGION_ALIGN, type SharedLayout, type StepPlan, type StepResult,
  defaultShardCount, layoutViews, planEpoch, planLayout,
} from '../parallel/index.js';
import type { Dataset } from '../data/dataset.js';
import type { SettingNames } from '../data/setting-names.js';
import { epochOrder } from '../data/epoch-order.js';
import { type TargetScaling, scaledTargets } from '../data/target-scaling.js';
import { Random } from '../tensor/random.js';
import { UserError } from '../errors.js';
import type { TrainConfig } from './config.js';
import { type DataReader, FLAG_READER, type PreparedData, prepareData } from './prepare.js';
import type { Normalization } from '../data/normalization.js';
import type { LayerState, TrainingState } from './state.js';
import { flatParameters, layerStates, writeLayers } from './saved-layers.js';
import { checkResumePoint, restoreParameters } from './resume.js';
import { type EpochProgress, type Progress, type TrainResult, heldOutFields } from './reports.js';
import { EarlyStopping } from './early-stopping.js';
import { type SetFigures, heldOutFigures } from './figures.js';
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
  /**
   * Fine-tuning (not with `resume`): start from these layers instead of the seeded initialisation, with a
   * fresh optimiser at epoch 0; with a normalisation, the data is normalised by it instead of one fitted to it.
   */
  readonly initial?: { readonly layers: readonly LayerState[]; readonly normalization?: Normalization };
  /** Called with the state after each epoch and when interrupted, to be saved (with --patience, early stopping's record and best layers too). */
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

/** Trains a network as `config` says, its data read by `reader` (which spells settings in messages); resolves with the result, rejects with a readable error. */
export async function train(config: TrainConfig, options: RunOptions = {}, reader: DataReader = FLAG_READER): Promise<TrainResult> {
  return trainWith(config, options, {}, reader);
}

/**
 * train with the executor's test options (a worker entry that injects faults, a wrapped coordinator): for tests, not exported from the package.
 * @internal
 */
export async function trainWith(config: TrainConfig, options: RunOptions, test: ExecutorTestOptions, reader: DataReader = FLAG_READER): Promise<TrainResult> {
  checkTrainConfig(config);
  if (options.resume !== undefined && options.initial !== undefined) throw new UserError('train: a run resumes or starts from initial weights, not both');
  const steps = options.stepsPerEpoch;
  if (steps !== undefined && !(Number.isSafeInteger(steps) && steps >= 1)) throw new UserError(`train: options.stepsPerEpoch must be a positive integer, got ${steps}`);
  const run = new TrainingRun(config, options, test, reader);
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

/** One run's resources: the shared layout, the optimiser, the executor, and with --patience the best epoch so far. */
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
  /** With --patience: the best epoch so far, and whether patience has run out. */
  private readonly early: EarlyStopping | undefined;
  /** How messages spell the run's settings. */
  private readonly names: SettingNames;
  /** The kernel memory's arena mark before this run's allocations, and after them. */
  private readonly arena: { readonly before: number; readonly after: number };

  constructor(
    private readonly config: TrainConfig,
    private readonly options: RunOptions,
    test: ExecutorTestOptions,
    reader: DataReader,
  ) {
    this.names = reader.names;
    const resume = options.resume;
    const initial = options.initial?.normalization;
    this.data = prepareData(config, resume ?? (initial === undefined ? undefined : { normalization: initial }), reader);
    const { model } = config;
    const { classWeights } = this.data;
    this.spec = {
      widths: this.data.widths,
      activation: model.activation,
      output: model.output,
      loss: model.loss,
      ...(model.huberDelta === undefined ? {} : { huberDelta: model.huberDelta }),
      ...(classWeights === null ? {} : { classWeights }),
    };
    this.params = parameterLayout(this.data.widths);
    this.shards = config.shards ?? defaultShardCount(config.batchSize);
    const memory = KernelMemory.main();
    const before = memory.mark();
    this.plans = planEpoch(this.data.train.count, config.batchSize, this.shards, config.threads, this.data.widths);
    const sizes: LayoutSizes = {
      ...this.plans[0].sizes,
      sampleCount: this.data.train.count,
      targets: this.data.train.task === 'classification' ? 'classes' : 'values',
      testCount: this.data.test.count,
      validationCount: this.data.validation?.count ?? 0,
      optimizerBuffers: optimizerStateNames(config.optim.optimizer),
    };
    const layoutBytes = planLayout(sizes, 0).bytes;
    // The layout, then the coordinator's own activations and packing buffers after it.
    checkMemoryFits(sizes, this.data.widths, REGION_ALIGN + layoutBytes + sizes.scratchBytes, memory.free, reader.names);
    const base = memory.alloc(layoutBytes, REGION_ALIGN);
    try {
      this.layout = planLayout(sizes, base);
      this.views = layoutViews(this.layout, memory.memory.buffer);
      const { views } = this;
      const scaling = this.data.targetScaling;
      writeRows(this.data.train, scaling, views.features, views.labels, views.values);
      writeRows(this.data.test, scaling, views.evalFeatures[EvalSet.test], views.evalLabels[EvalSet.test], views.evalValues[EvalSet.test]);
      const validation = this.data.validation;
      if (validation !== null) writeRows(validation, scaling, views.evalFeatures[EvalSet.validation], views.evalLabels[EvalSet.validation], views.evalValues[EvalSet.validation]);
      this.optimizer = buildOptimizer(config.optim, this.params.count, (name) => this.views.optimizer[name]);
      if (resume !== undefined) restoreParameters(resume, this.params, this.views, this.optimizer);
      else if (options.initial !== undefined) writeLayers(options.initial.layers, this.params, this.views.params, 'the initial weights');
      else initialize(config.model.init, this.params, this.views.params, Random.stream(config.seed, 'init'));
      const record = resume?.earlyStopping;
      const resumed = record === undefined ? undefined : { state: record, best: record.best === null ? null : flatParameters(record.best, this.params, 'the best epoch') };
      this.early = config.patience === undefined ? undefined : new EarlyStopping(config.patience, this.params.count, resumed);
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
    // undefined: not scored yet; null: no such set.
    let tested: SetFigures | null | undefined;
    /** The epochs done when `tested` was scored. */
    let testedAt = 0;
    let validated: SetFigures | null = null;
    let interrupted = false;
    // Where an interrupted run stopped: the state its checkpoint holds, and its result's too.
    let stoppedAt: TrainingState | undefined;
    let yielded = Date.now();
    const early = this.early;
    for (; epoch < config.epochs && early?.stopped !== true; epoch++) {
      const epochStart = shuffle.state();
      views.order.set(epochOrder(train.count, config.shuffle ? shuffle : null));
      const lr = scheduledRate(config.optim, epoch, config.epochs);
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
      validated = await this.score(EvalSet.validation);
      if (early !== undefined && validated !== null) early.record(epoch + 1, validated.loss, views.params);
      tested = await this.score(EvalSet.test);
      testedAt = epoch + 1;
      options.checkpoint?.(this.state(epoch + 1, 0, shuffle.state()));
      options.onEpoch?.({ ...this.progress(epoch + 1, stepsPerEpoch, stepsPerEpoch, meter, started), ...heldOutFields(this.task, tested, validated), ...this.bestEpoch() });
    }
    // The state to resume from holds the current parameters (an interrupted run's, where its checkpoint stopped); the model kept is the best epoch's, with --patience.
    const state = stoppedAt ?? this.state(epoch, 0, shuffle.state());
    const best = early?.parameters ?? null;
    if (best !== null) views.params.set(best);
    // The test set is scored again only where the model kept is not the one it was last scored with.
    if ((best !== null && early?.state().bestEpoch !== testedAt) || tested === undefined) tested = await this.score(EvalSet.test);
    return {
      task: this.task,
      ...heldOutFields(this.task, tested, validated),
      train_loss: last.loss,
      train_accuracy: this.task === 'classification' ? last.accuracy : Number.NaN,
      epochs: epoch,
      ...this.bestEpoch(),
      stopped_early: !interrupted && epoch < config.epochs,
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
      validation_samples: this.data.validation?.count ?? 0,
      test_samples: this.data.test.count,
      elapsed_seconds: (performance.now() - started) / 1000,
      interrupted,
      parameters: views.params.slice(),
      state,
    };
  }

  /** Classes or values, as the training rows have. */
  private get task(): Dataset['task'] {
    return this.data.train.task;
  }

  /** With --patience and an epoch that improved: `best_epoch`, for reports. */
  private bestEpoch(): { best_epoch?: number } {
    const epoch = this.early?.epoch ?? 0;
    return epoch > 0 ? { best_epoch: epoch } : {};
  }

  /**
   * The figures of held-out set `set` (an EvalSet value) under the current parameters, every thread
   * scoring a share of its chunks and this thread reading their outputs in row order; null for an empty or absent set.
   */
  private async score(set: number): Promise<SetFigures | null> {
    const data = set === EvalSet.test ? this.data.test : this.data.validation;
    if (data === null || data.count === 0) return null;
    const { lossSum, correct, outputs } = await this.executor.evaluate(set);
    return heldOutFigures(data, lossSum, correct, outputs, this.data.targetScaling);
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
      accuracy: this.task === 'classification' ? meter.accuracy : Number.NaN,
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
        `training diverged in epoch ${epoch + 1}: the ${what} holds NaN or Inf (gradients too large for float32: scale the inputs, e.g. ${this.names.normalizeMax}, or lower the learning rate ${scheduledRate(this.config.optim, epoch, this.config.epochs)})`,
      );
    }
  }

  private state(epoch: number, step: number, shuffleState: TrainingState['rng'][string]): TrainingState {
    const { buffers, scalars } = this.optimizer.state();
    const copies = Object.fromEntries(Object.entries(buffers).map(([name, b]) => [name, b.slice()]));
    const early = this.early;
    const best = early?.parameters ?? null;
    return {
      config: this.config,
      normalization: this.data.normalization,
      targetScaling: this.data.targetScaling,
      classWeights: this.data.classWeights,
      schema: this.data.schema,
      layers: layerStates(this.views.params, this.params),
      optimizer: { buffers: copies, scalars: { ...scalars } },
      rng: { shuffle: shuffleState },
      epoch,
      step,
      ...(early === undefined ? {} : { earlyStopping: { ...early.state(), best: best === null ? null : layerStates(best, this.params) } }),
    };
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

/** Writes a set's rows where the threads read them: features, and class labels or its targets scaled as the network learns them. */
function writeRows(data: Dataset, scaling: TargetScaling | null, features: Float32Array, labels: Int32Array, values: Float32Array): void {
  features.set(data.features);
  if (data.task === 'classification') labels.set(data.labels);
  else values.set(scaledTargets(scaling, data));
}
