// Training progress on stderr: a live bar in a terminal, one plain line per epoch in a pipe, nothing with --json or --quiet.

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
  /** Training accuracy in [0, 1], when measured. */
  accuracy?: number;
  /** Accuracy on the test set in [0, 1], when evaluated. */
  testAccuracy?: number;
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

/** One epoch's summary as a line, e.g. `epoch 3/10  loss 0.2345  accuracy 93.10%  41230 samples/s  12.4s`. */
export function formatEpochLine(fields: EpochFields): string {
  const parts = [`epoch ${fields.epoch}/${fields.epochs}`, `loss ${formatLoss(fields.loss)}`];
  if (fields.accuracy !== undefined) parts.push(`accuracy ${formatPercent(fields.accuracy)}`);
  // NaN: the run holds out no test rows (--test-split 0).
  if (fields.testAccuracy !== undefined) parts.push(Number.isNaN(fields.testAccuracy) ? 'no test set' : `test accuracy ${formatPercent(fields.testAccuracy)}`);
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
