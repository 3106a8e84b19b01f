// Training progress on stderr: a live bar in a terminal, one plain line per epoch in a pipe, nothing with --json or --quiet.

import type { HeldOutFields } from '../train/reports.js';
import cliProgress from 'cli-progress';

/** How progress is shown: `bar` (a terminal), `lines` (a pipe or file), `silent` (--json or --quiet). */
export type ProgressMode = 'bar' | 'lines' | 'silent';

/** What the bar shows while an epoch runs. */
export interface StepFields {
  /** The running epoch, counted from 1. */
  epoch: number;
  epochs: number;
  /** The latest minibatch loss (or a running mean of recent ones). */
  loss: number;
  samplesPerSecond: number;
}

/** The summary of one finished epoch. */
export interface EpochFields {
  /** The finished epoch, counted from 1. */
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch. */
  loss: number;
  /** Training accuracy in [0, 1], when measured (not in regression). */
  accuracy?: number;
  /** Accuracy on the test set in [0, 1], when evaluated (NaN: no test set). */
  testAccuracy?: number;
  /** The held-out sets' figures (as train --json names them): the test set's, and the validation set's where there is one; they replace testAccuracy. */
  heldOut?: HeldOutFields;
  samplesPerSecond: number;
  /** Seconds since the run started. */
  elapsed: number;
}

/** A progress display for one run of `totalSteps` minibatch steps over all epochs. */
export interface Progress {
  /** `step` steps are done (counted over all epochs, not reset per epoch). */
  update(step: number, fields: StepFields): void;
  /** An epoch is done: its summary line stays on screen. */
  epochEnd(fields: EpochFields): void;
  /** Ends the display (leaves the cursor on a fresh line); call it once, also after an error. */
  stop(): void;
}

/** The mode for these flags and this stream: silent with --json or --quiet, a bar in a terminal, lines otherwise. */
export function progressMode(flags: { json?: boolean; quiet?: boolean }, stream: { isTTY?: boolean } = process.stderr): ProgressMode {
  if (flags.json === true || flags.quiet === true) return 'silent';
  return stream.isTTY === true ? 'bar' : 'lines';
}

/** A progress display of the given mode writing to `stream`. */
export function createProgress(mode: ProgressMode, totalSteps: number, stream: NodeJS.WritableStream = process.stderr): Progress {
  if (mode === 'silent') return { update() {}, epochEnd() {}, stop() {} };
  if (mode === 'lines') {
    return {
      update() {},
      epochEnd(fields) {
        stream.write(`${formatEpochLine(fields)}\n`);
      },
      stop() {},
    };
  }
  return createBar(totalSteps, stream);
}

/**
 * One epoch's summary as a line, e.g. `epoch 3/10  loss 0.2345  accuracy 93.10%  val_loss 0.2511  val_accuracy 92.40%
 * test accuracy 93.00%  41230 samples/s  12.4s`; in regression `… val_rmse 0.81  val_r2 0.43  test RMSE 52.3  test R² 0.47 …`.
 */
export function formatEpochLine(fields: EpochFields): string {
  const parts = [`epoch ${fields.epoch}/${fields.epochs}`, `loss ${formatLoss(fields.loss)}`];
  if (fields.accuracy !== undefined) parts.push(`accuracy ${formatPercent(fields.accuracy)}`);
  const held = fields.heldOut;
  if (held?.val_loss !== undefined) parts.push(`val_loss ${formatLoss(held.val_loss)}`);
  if (held?.val_accuracy !== undefined) parts.push(`val_accuracy ${formatPercent(held.val_accuracy)}`);
  if (held?.val_rmse !== undefined) parts.push(`val_rmse ${formatLoss(held.val_rmse)}`);
  if (held?.val_r2 !== undefined) parts.push(`val_r2 ${formatLoss(held.val_r2)}`);
  const testAccuracy = held?.test_accuracy ?? fields.testAccuracy;
  // NaN: the run holds out no test rows (--test-split 0).
  if (held?.test_rmse !== undefined) parts.push(Number.isNaN(held.test_rmse) ? 'no test set' : `test RMSE ${formatLoss(held.test_rmse)}  test R² ${formatLoss(held.test_r2 ?? Number.NaN)}`);
  else if (testAccuracy !== undefined) parts.push(Number.isNaN(testAccuracy) ? 'no test set' : `test accuracy ${formatPercent(testAccuracy)}`);
  parts.push(`${Math.round(fields.samplesPerSecond)} samples/s`, `${fields.elapsed.toFixed(1)}s`);
  return parts.join('  ');
}

function createBar(totalSteps: number, stream: NodeJS.WritableStream): Progress {
  const bars = new cliProgress.MultiBar({
    stream,
    format: 'epoch {epoch}/{epochs} [{bar}] {percentage}% | step {value}/{total} | loss {loss} | {speed} samples/s | ETA {eta_formatted}',
    barsize: 24,
    hideCursor: true,
    clearOnComplete: false,
    // The trainer stops at a step boundary on Ctrl-C and the caller calls stop(): the bar must not stop itself first.
    gracefulExit: false,
    etaBuffer: 50,
  });
  const bar = bars.create(totalSteps, 0, { epoch: 1, epochs: '?', loss: '-', speed: '-' });
  return {
    update(step, fields) {
      bar.update(step, {
        epoch: fields.epoch,
        epochs: fields.epochs,
        loss: formatLoss(fields.loss),
        speed: Math.round(fields.samplesPerSecond),
      });
    },
    epochEnd(fields) {
      bars.log(`${formatEpochLine(fields)}\n`);
      // The bar prints logged lines on its next redraw; redraw now so the last epoch's line is not lost at stop().
      bars.update();
    },
    stop() {
      bars.stop();
    },
  };
}

function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toPrecision(4) : String(loss);
}

function formatPercent(fraction: number): string {
  return `${(100 * fraction).toFixed(2)}%`;
}
