// Running totals of a stretch of training steps: loss, accuracy, throughput, per-step overhead.

/** Accumulates steps; read it for the means over everything added since it was made. */
export class Meter {
  samples = 0;
  steps = 0;
  lossSum = 0;
  correct = 0;
  /** Seconds spent in steps, wall clock. */
  stepSeconds = 0;
  /** Seconds of those on the critical path of shard computation. */
  computeSeconds = 0;

  /** Adds one step of `rows` samples. */
  add(rows: number, lossSum: number, correct: number, stepSeconds: number, computeSeconds: number): void {
    this.samples += rows;
    this.steps++;
    this.lossSum += lossSum;
    this.correct += correct;
    this.stepSeconds += stepSeconds;
    this.computeSeconds += computeSeconds;
  }

  /** Mean loss per sample (NaN before any step). */
  get loss(): number {
    return this.lossSum / this.samples;
  }

  /** Share of samples classified right (NaN before any step). */
  get accuracy(): number {
    return this.correct / this.samples;
  }

  /** Training samples per second of step time. */
  get samplesPerSecond(): number {
    return this.stepSeconds > 0 ? this.samples / this.stepSeconds : 0;
  }

  /**
   * Mean microseconds per step not on the critical path of shard computation: dispatch,
   * waiting, the reduction, the finiteness check and the optimiser step.
   */
  get overheadMicros(): number {
    return this.steps > 0 ? (1e6 * (this.stepSeconds - this.computeSeconds)) / this.steps : 0;
  }
}
