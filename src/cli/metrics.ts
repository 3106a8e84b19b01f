// The --metrics file: JSON lines, one object per logged step, each naming its run, appended and flushed line by line.

import type { HeldOutFields } from '../train/reports.js';
import { accessSync, closeSync, constants, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors.js';
import { fsErrorMessage, isSystemError } from '../io/fs-error.js';
import { kindOf } from '../io/regular-file.js';
import { writeFully } from '../io/write-fully.js';

/**
 * One line of the metrics file. Losses that are not finite are written as null (JSON has no NaN). The line
 * that ends an epoch also has the held-out sets' figures (test_accuracy, or in regression test_rmse, test_mae
 * and test_r2; with validation val_loss and val_accuracy, or val_rmse, val_mae and val_r2) and with --patience best_epoch.
 */
export interface MetricsRecord extends Partial<HeldOutFields> {
  epoch: number;
  step: number;
  loss: number;
  /** Training accuracy in [0, 1] over the samples since the last record, or null when not measured. */
  accuracy: number | null;
  samples_per_second: number;
  threads: number;
  /** Seconds since the run started. */
  elapsed: number;
  /** With --patience, on the line that ends an epoch: the epoch with the lowest validation loss so far. */
  best_epoch?: number;
}

/** An open metrics file. */
export interface MetricsWriter {
  /** Appends `record` as one line and hands it to the operating system at once (a crash loses no logged line). */
  write(record: MetricsRecord): void;
  /** Closes the file; later writes throw. */
  close(): void;
}

/**
 * Opens `path` for appending; every line it writes starts with `"run": run`, so that the lines of two
 * runs in one file stay apart. A file that is not there yet is created with the first line, so a run
 * that fails or is stopped before logging leaves none behind. A UserError names the file if it cannot
 * be opened, is not a regular file, its folder cannot be written, or a write fails (a full disk).
 */
export function openMetrics(path: string, run: string): MetricsWriter {
  let fd: number | undefined;
  let closed = false;
  try {
    fd = openExisting(path);
    if (fd === undefined) accessSync(dirname(path), constants.W_OK);
    else endLastLine(fd);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    throw new UserError(`cannot open ${path} for --metrics: ${fsErrorMessage(error)}`);
  }
  return {
    write(record: MetricsRecord): void {
      if (closed) throw new Error(`metrics file ${path} is closed`);
      if (fd === undefined) {
        try {
          fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o666);
        } catch (error) {
          throw new UserError(`cannot open ${path} for --metrics: ${fsErrorMessage(error)}`);
        }
      }
      const line = {
        run,
        epoch: record.epoch,
        step: record.step,
        loss: record.loss,
        accuracy: record.accuracy,
        samples_per_second: record.samples_per_second,
        threads: record.threads,
        elapsed: record.elapsed,
        test_accuracy: record.test_accuracy,
        test_rmse: record.test_rmse,
        test_mae: record.test_mae,
        test_r2: record.test_r2,
        val_loss: record.val_loss,
        val_accuracy: record.val_accuracy,
        val_rmse: record.val_rmse,
        val_mae: record.val_mae,
        val_r2: record.val_r2,
        best_epoch: record.best_epoch,
      };
      // writeSync on a descriptor goes straight to the kernel: there is no user-space buffer to flush.
      try {
        writeFully(fd, Buffer.from(`${JSON.stringify(line)}\n`, 'utf8'));
      } catch (error) {
        throw new UserError(`cannot write ${path} (--metrics): ${fsErrorMessage(error)}`);
      }
    },
    close(): void {
      closed = true;
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** `path` opened for appending and reading, or undefined if there is nothing there. */
function openExisting(path: string): number | undefined {
  try {
    return openSync(path, constants.O_RDWR | constants.O_APPEND);
  } catch (error) {
    if (isSystemError(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Refuses what is not a regular file, and ends an unfinished last line: a file written by hand, or cut
 * short, would otherwise run that line into ours.
 */
function endLastLine(fd: number): void {
  const stats = fstatSync(fd);
  if (!stats.isFile()) throw new Error(`it is ${kindOf(stats)}, not a regular file`);
  const last = Buffer.alloc(1);
  if (stats.size > 0 && readSync(fd, last, 0, 1, stats.size - 1) === 1 && last[0] !== 0x0a) writeSync(fd, '\n');
}
