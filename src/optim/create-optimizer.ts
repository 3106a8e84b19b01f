// Builds the configured optimiser over a flat parameter buffer of a given length: its rule, its state and its step count.

import { UserError } from '../errors.js';
import type { OptimizerConfig } from './optimizer-config.js';
import { checkOptimizerConfig } from './check-optimizer-config.js';
import type { Allocate, Optimizer, OptimizerState } from './optimizer.js';
import type { RangeUpdate, UpdateRule } from './update-rule.js';
import { UPDATE_RULES, bindOptimizerUpdate } from './update-rules.js';

/**
 * The optimiser named by `config` for `paramCount` parameters, its numbers checked first (a UserError
 * names a bad one). Its state buffers come from `allocate` (momentum: 'velocity'; adam: 'm' and 'v'),
 * which may place them in shared memory; they are zeroed here. Adam uses β1 = 0.9 and β2 = 0.999
 * (`config.momentum` is for `momentum`).
 */
export function createOptimizer(config: OptimizerConfig, paramCount: number, allocate: Allocate): Optimizer {
  checkOptimizerConfig(config);
  return buildOptimizer(config, paramCount, allocate);
}

/** createOptimizer for a configuration whose numbers were checked where they entered (checkTrainConfig): the trainer's. */
export function buildOptimizer(config: OptimizerConfig, paramCount: number, allocate: Allocate): Optimizer {
  if (!Number.isSafeInteger(paramCount) || paramCount < 0) throw new RangeError(`createOptimizer: bad parameter count ${paramCount}`);
  const rule = UPDATE_RULES[config.optimizer];
  const state: Record<string, Float32Array> = {};
  for (const name of rule.stateNames) {
    const buffer = allocate(name, paramCount);
    if (buffer.length !== paramCount) throw new RangeError(`createOptimizer: buffer '${name}' has ${buffer.length} floats, not ${paramCount}`);
    state[name] = buffer.fill(0);
  }
  return new RuleOptimizer(config, rule, paramCount, state);
}

/** An optimiser as its rule, its state buffers and, for a rule that reads it, its step count. */
class RuleOptimizer implements Optimizer {
  readonly name: OptimizerConfig['optimizer'];
  /** A copy of the configuration: the hyper-parameters every bound range reads. */
  private readonly config: OptimizerConfig;
  /** Updates done so far (t of the last step). */
  private stepCount = 0;
  /** The whole-range update `step` ran last, and the buffers it is bound to. */
  private whole: { readonly params: Float32Array; readonly grads: Float32Array; readonly run: RangeUpdate } | undefined;

  constructor(
    config: OptimizerConfig,
    private readonly rule: UpdateRule,
    private readonly paramCount: number,
    private readonly buffers: Readonly<Record<string, Float32Array>>,
  ) {
    this.name = config.optimizer;
    this.config = { ...config };
  }

  step(params: Float32Array, grads: Float32Array, lr: number): void {
    let whole = this.whole;
    if (whole === undefined || whole.params !== params || whole.grads !== grads) {
      whole = { params, grads, run: this.bindRange(params, grads, 0, this.paramCount) };
      this.whole = whole;
    }
    whole.run(lr, this.advance());
  }

  advance(): number {
    if (!this.rule.countsSteps) return 0;
    this.stepCount++;
    return this.stepCount;
  }

  bindRange(params: Float32Array, grads: Float32Array, begin: number, end: number): RangeUpdate {
    if (params.length !== this.paramCount || grads.length !== this.paramCount) {
      throw new RangeError(`${this.name}: expected ${this.paramCount} parameters and gradients, got ${params.length} and ${grads.length}`);
    }
    return bindOptimizerUpdate(this.config, { params, grads, state: this.buffers })(begin, end);
  }

  state(): OptimizerState {
    return { buffers: { ...this.buffers }, scalars: this.rule.countsSteps ? { step: this.stepCount } : {} };
  }

  restore(scalars: Record<string, number>): void {
    if (!this.rule.countsSteps) return;
    const step = scalars.step;
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new UserError(`${this.name}'s saved step count ${String(step)} is not a non-negative integer`);
    }
    this.stepCount = step;
  }
}
