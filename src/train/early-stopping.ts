// Early stopping: the epoch with the lowest validation loss so far, its parameters, and whether patience has run out.

/** Where early stopping stands after some epochs, as a checkpoint keeps it (the best parameters apart). */
export interface EarlyStoppingState {
  /** The epoch (1-based) whose validation loss is the lowest so far; 0 before any. */
  readonly bestEpoch: number;
  /** That epoch's validation loss (null with bestEpoch 0). */
  readonly bestLoss: number | null;
  /** Epochs since the best one (since the start, with bestEpoch 0). */
  readonly epochsSinceBest: number;
}

/**
 * Watches the validation loss epoch by epoch: an epoch improves when its loss is lower than every
 * earlier one's (strictly; NaN never does), and its parameters are kept. Patience runs out once
 * `patience` epochs in a row have not improved.
 */
export class EarlyStopping {
  private bestEpoch = 0;
  private bestLoss = Number.POSITIVE_INFINITY;
  private sinceBest = 0;
  private readonly best: Float32Array;

  /** Watches a run of `paramCount` parameters; `resumed` continues a saved record (its best parameters flat, or null before any). */
  constructor(
    readonly patience: number,
    paramCount: number,
    resumed?: { readonly state: EarlyStoppingState; readonly best: Float32Array | null },
  ) {
    this.best = new Float32Array(paramCount);
    if (resumed === undefined) return;
    const { state, best } = resumed;
    if (!(Number.isSafeInteger(state.bestEpoch) && state.bestEpoch >= 0 && Number.isSafeInteger(state.epochsSinceBest) && state.epochsSinceBest >= 0)) {
      throw new RangeError(`early stopping: best epoch ${state.bestEpoch} and epochs since ${state.epochsSinceBest} are not counts`);
    }
    const whole = state.bestEpoch > 0 ? best !== null && state.bestLoss !== null : best === null && state.bestLoss === null;
    if (!whole) {
      throw new RangeError(`early stopping: best epoch ${state.bestEpoch} needs its loss and parameters, and only it has them`);
    }
    this.bestEpoch = state.bestEpoch;
    this.bestLoss = state.bestLoss ?? Number.POSITIVE_INFINITY;
    this.sinceBest = state.epochsSinceBest;
    if (best !== null) {
      if (best.length !== paramCount) throw new RangeError(`early stopping: ${best.length} best parameters for a model of ${paramCount}`);
      this.best.set(best);
    }
  }

  /** Records epoch `epoch`'s validation loss; keeps a copy of `params` when it improved, which it returns. */
  record(epoch: number, loss: number, params: Float32Array): boolean {
    if (loss < this.bestLoss) {
      this.bestEpoch = epoch;
      this.bestLoss = loss;
      this.sinceBest = 0;
      this.best.set(params);
      return true;
    }
    this.sinceBest++;
    return false;
  }

  /** True once `patience` epochs in a row have not improved. */
  get stopped(): boolean {
    return this.sinceBest >= this.patience;
  }

  /** The best epoch so far (1-based), or 0 before any. */
  get epoch(): number {
    return this.bestEpoch;
  }

  /** The best epoch's parameters, flat (null before any): a view, overwritten when a later epoch improves. */
  get parameters(): Float32Array | null {
    return this.bestEpoch > 0 ? this.best : null;
  }

  /** The record a checkpoint keeps. */
  state(): EarlyStoppingState {
    return { bestEpoch: this.bestEpoch, bestLoss: this.bestEpoch > 0 ? this.bestLoss : null, epochsSinceBest: this.sinceBest };
  }
}
