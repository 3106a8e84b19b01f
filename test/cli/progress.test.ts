import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatEpochLine, progressMode, type EpochFields } from '../../src/cli/progress.js';

/** A stream that records what is written; `isTTY` as asked. */
function sink(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { isTTY, columns: 120, text: () => chunks.join('') });
}

const epoch: EpochFields = { epoch: 2, epochs: 10, loss: 0.123456, accuracy: 0.9312, testAccuracy: 0.925, samplesPerSecond: 41230.4, elapsed: 12.34 };

describe('progressMode', () => {
  it('is silent with --json or --quiet, a bar on a terminal, lines in a pipe', () => {
    expect(progressMode({ json: true }, { isTTY: true })).toBe('silent');
    expect(progressMode({ quiet: true }, { isTTY: false })).toBe('silent');
    expect(progressMode({}, { isTTY: true })).toBe('bar');
    expect(progressMode({}, { isTTY: false })).toBe('lines');
    expect(progressMode({}, {})).toBe('lines');
  });
});

describe('createProgress', () => {
  it('lines mode prints one plain line per epoch and nothing per step', () => {
    const out = sink(false);
    const progress = createProgress('lines', 100, out);
    progress.update(5, { epoch: 1, epochs: 10, loss: 1, samplesPerSecond: 10 });
    progress.epochEnd(epoch);
    progress.epochEnd({ ...epoch, epoch: 3, accuracy: undefined, testAccuracy: undefined });
    progress.stop();
    expect(out.text()).toBe(
      'epoch 2/10  loss 0.1235  accuracy 93.12%  test accuracy 92.50%  41230 samples/s  12.3s\n' + 'epoch 3/10  loss 0.1235  41230 samples/s  12.3s\n',
    );
  });

  it('silent mode writes nothing', () => {
    const out = sink(true);
    const progress = createProgress('silent', 100, out);
    progress.update(5, { epoch: 1, epochs: 10, loss: 1, samplesPerSecond: 10 });
    progress.epochEnd(epoch);
    progress.stop();
    expect(out.text()).toBe('');
  });

  it('bar mode draws epoch, step, loss, samples/s and ETA, and keeps every epoch line, the last one included', () => {
    const out = sink(true);
    const progress = createProgress('bar', 40, out);
    progress.update(20, { epoch: 1, epochs: 2, loss: 0.5, samplesPerSecond: 1234.4 });
    progress.epochEnd({ ...epoch, epoch: 1, epochs: 2 });
    progress.update(40, { epoch: 2, epochs: 2, loss: 0.25, samplesPerSecond: 2000 });
    progress.epochEnd({ ...epoch, epoch: 2, epochs: 2 });
    progress.stop();
    const text = out.text();
    expect(text).toMatch(/epoch 2\/2 \[[^\]]*\] 100% \| step 40\/40 \| loss 0\.2500 \| 2000 samples\/s \| ETA /);
    expect(text).toContain('epoch 1/2  loss 0.1235');
    expect(text).toContain('epoch 2/2  loss 0.1235');
  });
});

describe('the bar and the terminal', () => {
  it('hides the cursor and turns line wrap off while it draws; stop() turns both back on', () => {
    const out = sink(true);
    const progress = createProgress('bar', 40, out);
    progress.update(1, { epoch: 1, epochs: 2, loss: 0.5, samplesPerSecond: 1 });
    const drawing = out.text();
    expect(drawing).toContain('\x1b[?25l');
    expect(drawing).toContain('\x1b[?7l');
    progress.stop();
    const after = out.text().slice(drawing.length);
    expect(after).toContain('\x1b[?25h');
    expect(after).toContain('\x1b[?7h');
  });
});

describe('formatEpochLine', () => {
  it('shows a loss that is not finite as it is', () => {
    expect(formatEpochLine({ epoch: 1, epochs: 1, loss: NaN, samplesPerSecond: 0, elapsed: 0 })).toBe('epoch 1/1  loss NaN  0 samples/s  0.0s');
  });

  it('shows the validation figures, then the test set\'s: accuracy for classes, RMSE and R² for values', () => {
    const common = { epoch: 2, epochs: 5, loss: 0.25, samplesPerSecond: 100, elapsed: 1 };
    expect(formatEpochLine({ ...common, accuracy: 0.9, heldOut: { test_accuracy: 0.875, val_loss: 0.3, val_accuracy: 0.8 } })).toBe(
      'epoch 2/5  loss 0.2500  accuracy 90.00%  val_loss 0.3000  val_accuracy 80.00%  test accuracy 87.50%  100 samples/s  1.0s',
    );
    expect(formatEpochLine({ ...common, heldOut: { test_accuracy: NaN, test_rmse: 52.5, test_mae: 40, test_r2: 0.4512, val_loss: 0.6, val_rmse: 50, val_mae: 41, val_r2: 0.5 } })).toBe(
      'epoch 2/5  loss 0.2500  val_loss 0.6000  val_rmse 50.00  val_r2 0.5000  test RMSE 52.50  test R² 0.4512  100 samples/s  1.0s',
    );
  });

  it('says so when there is no test set (its accuracy is NaN), rather than NaN%', () => {
    expect(formatEpochLine({ epoch: 1, epochs: 1, loss: 0.5, accuracy: 0.5, testAccuracy: NaN, samplesPerSecond: 0, elapsed: 0 })).toBe(
      'epoch 1/1  loss 0.5000  accuracy 50.00%  no test set  0 samples/s  0.0s',
    );
  });
});
