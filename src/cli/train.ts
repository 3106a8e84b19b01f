// `einprop train`: train a network as the flags say, with progress, metrics, checkpoints, and Ctrl-C, SIGTERM or SIGHUP that save.

import { randomUUID } from 'node:crypto';
import type { Argv, CommandModule } from 'yargs';
import { Interrupted } from '../errors.js';
import type { EpochProgress, HeldOutFields, Progress as StepProgress, TrainResult } from '../train/reports.js';
import { train } from '../train/trainer.js';
import type { TrainingState } from '../train/state.js';
import { type LoadedCheckpoint, resumeState, saveCheckpoint, snapshotOf } from '../checkpoint/checkpoint.js';
import { badFlag } from './flag-values.js';
import { inheritedFlags, openInitialWeights, startingPoint } from './initial-weights.js';
import { readModelFile } from '../checkpoint/read-model-file.js';
import { withAbsoluteData } from '../checkpoint/stored-config.js';
import { openMetrics, type MetricsWriter } from './metrics.js';
import type { TrainConfig } from '../train/config.js';
import { type RunFlags, toRunFlags, toTrainConfig } from './options.js';
import { runOptions, toGlobalFlags, trainingOptions } from './flag-definitions.js';
import { printResult } from './output.js';
import { createProgress, progressMode, type Progress } from './progress.js';
import { checkResumeFlags } from './resume-flags.js';
import { checkOutput, type NamedFile } from './run-files.js';
import { StopSignals, stoppedBy } from './stop-signals.js';
import { checkOutputFile } from '../io/output-file.js';
import { type FileLock, lockFile } from '../io/file-lock.js';

/** Trains, then prints the test accuracy, or in regression the test RMSE, MAE and R² (with --json: one object of the run's numbers). */
export const trainCommand: CommandModule = {
  command: 'train',
  describe: 'train a network on the data and report its test accuracy (in regression its test RMSE, MAE and R²)',
  builder: (yargs: Argv) => yargs.options(trainingOptions).options(runOptions),
  handler: async (argv) => {
    const flags = toGlobalFlags(argv);
    const run = toRunFlags(argv);
    const save = run.save;
    const snapshot = run.resume === undefined ? undefined : checkpointToResume(run.resume);
    const initialWeights = run.initFrom === undefined ? undefined : openInitialWeights(run.initFrom);
    const config = toTrainConfig(argv, undefined, snapshot?.config ?? (initialWeights === undefined ? undefined : inheritedFlags(initialWeights)));
    if (snapshot !== undefined && run.resume !== undefined) checkResumeFlags(argv, config, snapshot, run.resume);
    const initial = initialWeights === undefined ? undefined : startingPoint(argv, config, initialWeights);
    const outputs = checkRunFiles(argv, config, run);
    // The run's id comes from the operating system's generator: the seeded streams stay untouched.
    const runId = randomUUID();
    const locks: FileLock[] = [];
    try {
      for (const output of outputs) locks.push(lockFile(output.target, output.flag, output.path, runId));
      const resume: TrainingState | undefined = snapshot === undefined || run.resume === undefined ? undefined : resumeState(snapshot, config, run.resume);
      const metrics = run.metrics === undefined ? undefined : openMetrics(run.metrics, runId);
      const reporter = new Reporter(progressMode(flags), config.epochs, metrics, run.logEvery);
      const stop = new StopSignals(() => reporter.close());
      let result: TrainResult;
      try {
        result = await train(config, {
          resume,
          initial,
          checkpoint: save === undefined ? undefined : (state) => saveCheckpoint(save, snapshotOf({ ...state, config: withAbsoluteData(state.config) })),
          onStep: (p) => reporter.step(p),
          onEpoch: (p) => reporter.epoch(p),
          logEvery: reporter.stepsWanted ? 1 : 0,
          signal: stop.signal,
          // Until the data is loaded a signal ends the process at once: there is nothing to save yet.
          onStart: () => stop.listen(),
        });
      } finally {
        stop.close();
        reporter.close();
      }
      const { parameters: _parameters, state: _state, ...numbers } = result;
      printResult(flags.json, { run: runId, ...numbers, saved: save ?? null }, summary(result, save));
      // The numbers are printed; the exit code tells a script that the run did not finish.
      if (result.interrupted) {
        const next = save === undefined ? 'nothing saved (no --save)' : `continue with --resume ${save}`;
        throw new Interrupted(`interrupted${stoppedBy(stop.stoppedBy)}: ${next}`, stop.exitCode);
      }
    } finally {
      for (const lock of locks) lock.release();
    }
  },
};

/** The checkpoint at `path` for --resume; weights alone are a usage error pointing to --init-from. */
function checkpointToResume(path: string): LoadedCheckpoint {
  const contents = readModelFile(path);
  if (contents.checkpoint === undefined) throw badFlag('--resume', `${path} holds weights alone, without einprop's metadata: a run can start from them with --init-from, not resume`);
  return contents.checkpoint;
}

/** A file the run writes, and the path its writes land on (a symbolic link's target). */
interface OutputFile extends NamedFile {
  readonly target: string;
}

/**
 * What the run writes spares what it reads: --save may replace the checkpoint it resumes from (the
 * write is atomic), but neither --save nor --metrics may be the data, the test set or the --config
 * file, and --metrics is neither checkpoint. Each output
 * must be a place a regular file can be written (see checkOutputFile). All usage errors, before any data is read.
 */
function checkRunFiles(argv: Readonly<Record<string, unknown>>, config: TrainConfig, run: RunFlags): OutputFile[] {
  const read: NamedFile[] = [];
  if (config.data !== 'mnist') read.push({ flag: '--data', path: config.data });
  if (config.test !== undefined && config.test !== 'mnist') read.push({ flag: '--test', path: config.test });
  if (config.validation !== undefined && config.validation !== 'mnist') read.push({ flag: '--validation', path: config.validation });
  if (typeof argv.config === 'string') read.push({ flag: '--config', path: argv.config });
  const outputs: OutputFile[] = [];
  if (run.save !== undefined) {
    checkOutput({ flag: '--save', path: run.save }, read);
    outputs.push({ flag: '--save', path: run.save, target: checkOutputFile(run.save, '--save') });
  }
  if (run.metrics !== undefined) {
    const checkpoints: NamedFile[] = [];
    if (run.resume !== undefined) checkpoints.push({ flag: '--resume', path: run.resume });
    if (run.initFrom !== undefined) checkpoints.push({ flag: '--init-from', path: run.initFrom });
    if (run.save !== undefined) checkpoints.push({ flag: '--save', path: run.save });
    checkOutput({ flag: '--metrics', path: run.metrics }, [...read, ...checkpoints]);
    outputs.push({ flag: '--metrics', path: run.metrics, target: checkOutputFile(run.metrics, '--metrics', 'append') });
  }
  return outputs;
}

/** Sends the trainer's progress to the display and the metrics file. */
class Reporter {
  private progress: Progress | undefined;

  constructor(
    private readonly mode: ReturnType<typeof progressMode>,
    private readonly epochs: number,
    private readonly metrics: MetricsWriter | undefined,
    private readonly logEvery: number | undefined,
  ) {}

  /** Whether the trainer should report every step: for a live bar, or --log-every. */
  get stepsWanted(): boolean {
    return this.mode === 'bar' || (this.metrics !== undefined && this.logEvery !== undefined);
  }

  /** One step done; `p.epoch` counts finished epochs, `p.step` the steps of the running one. */
  step(p: StepProgress): void {
    const global = p.epoch * p.stepsPerEpoch + p.step;
    this.display(p.stepsPerEpoch).update(global, { epoch: p.epoch + 1, epochs: this.epochs, loss: p.loss, samplesPerSecond: p.samples_per_second });
    // Every N steps of the run, not of each epoch; an epoch's last step gets the epoch's own line instead.
    if (this.metrics !== undefined && this.logEvery !== undefined && global % this.logEvery === 0 && p.step < p.stepsPerEpoch) {
      this.metrics.write({ epoch: p.epoch + 1, step: global, loss: p.loss, accuracy: p.accuracy, samples_per_second: p.samples_per_second, threads: p.threads, elapsed: p.elapsed });
    }
  }

  /** An epoch done; `p.epoch` counts it. */
  epoch(p: EpochProgress): void {
    const global = p.epoch * p.stepsPerEpoch;
    const display = this.display(p.stepsPerEpoch);
    display.update(global, { epoch: p.epoch, epochs: this.epochs, loss: p.loss, samplesPerSecond: p.samples_per_second });
    display.epochEnd({
      epoch: p.epoch,
      epochs: this.epochs,
      loss: p.loss,
      ...(Number.isNaN(p.accuracy) ? {} : { accuracy: p.accuracy }),
      heldOut: heldOutOf(p),
      samplesPerSecond: p.samples_per_second,
      elapsed: p.elapsed,
    });
    this.metrics?.write({
      epoch: p.epoch,
      step: global,
      loss: p.loss,
      accuracy: Number.isNaN(p.accuracy) ? null : p.accuracy,
      samples_per_second: p.samples_per_second,
      threads: p.threads,
      elapsed: p.elapsed,
      ...heldOutOf(p),
      ...(p.best_epoch === undefined ? {} : { best_epoch: p.best_epoch }),
    });
  }

  close(): void {
    this.progress?.stop();
    this.metrics?.close();
  }

  /** The display, made at the first report, when the number of steps is known. */
  private display(stepsPerEpoch: number): Progress {
    this.progress ??= createProgress(this.mode, stepsPerEpoch * this.epochs);
    return this.progress;
  }
}

/** The held-out fields of an epoch's progress, without the rest (those a task or run does not have stay undefined, which JSON leaves out). */
function heldOutOf(p: HeldOutFields): HeldOutFields {
  const { test_accuracy, test_rmse, test_mae, test_r2, val_loss, val_accuracy, val_rmse, val_mae, val_r2 } = p;
  return { test_accuracy, test_rmse, test_mae, test_r2, val_loss, val_accuracy, val_rmse, val_mae, val_r2 };
}

function summary(result: TrainResult, saved: string | undefined): string {
  // An interrupted run stopped inside the epoch after the ones it finished.
  const epochs = `${result.epochs} epoch${result.epochs === 1 ? '' : 's'}`;
  const when = result.interrupted ? `when interrupted in epoch ${result.epochs + 1}` : result.stopped_early ? `after ${epochs} (stopped early)` : `after ${epochs}`;
  const best = result.best_epoch === undefined ? '' : `, the model of epoch ${result.best_epoch} (lowest validation loss)`;
  const figures =
    result.task === 'regression'
      ? result.test_samples === 0
        ? 'no test set'
        : `test RMSE ${figure(result.test_rmse)}, MAE ${figure(result.test_mae)}, R² ${figure(result.test_r2)}`
      : Number.isNaN(result.test_accuracy)
        ? 'no test set'
        : `test accuracy ${(100 * result.test_accuracy).toFixed(2)}%`;
  const lines = [
    `${figures} ${when}${best}` +
      ` (${result.layers.join('-')}, ${result.elapsed_seconds.toFixed(1)}s, ${Math.round(result.samples_per_second)} samples/s on ${result.threads} thread${result.threads === 1 ? '' : 's'})`,
  ];
  if (!result.interrupted && saved !== undefined) lines.push(`saved ${saved}`);
  return lines.join('\n');
}

/** A regression figure as the summary prints it: four significant digits. */
function figure(value: number | undefined): string {
  return value === undefined ? 'n/a' : value.toPrecision(4);
}
