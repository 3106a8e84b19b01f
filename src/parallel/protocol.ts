// What the coordinator tells its workers: the start-up message and the arguments of a step, typed in one place.

import type { NetworkSpec } from '../nn/network.js';
import type { OptimizerConfig } from '../optim/optimizer-config.js';
import type { SharedLayout } from './layout.js';
import type { StepPlan } from './step-plan.js';

/** What every worker receives once, at start-up, as piscina's workerData; steps then go through the control words. */
export interface WorkerInit {
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly layout: SharedLayout;
  /** The run's step plans, its full batches' first: a step names its plan by index. */
  readonly plans: readonly StepPlan[];
  readonly spec: NetworkSpec;
  /** The optimiser whose state the layout holds: each worker updates the chunks of it that it takes. */
  readonly optim: OptimizerConfig;
}

/**
 * Test hook: the thread whose own claim holds shard `shard` of the first step throws or exits: in
 * phase one of that step (the default), while it evaluates its share of the test set, or while it
 * gets ready (plans and binds the claims) before the first step. Slot k's own claim is claim k:
 * only shards of claims 0 … threads − 1 can be named. In phase one no other thread takes that
 * claim (see WorkQueue), so that the failing thread is always the same.
 */
export interface Fault {
  readonly shard: number;
  readonly kind: 'throw' | 'exit';
  readonly phase?: 'shards' | 'evaluate' | 'ready';
}

/**
 * Test hook: the thread in slot `slot` sleeps `milliseconds` in each phase of a step, after it has
 * read the phase's arguments and before it takes work, so that the others do its share and it
 * wakes, holding that phase's arguments, after they have moved on.
 */
export interface Stall {
  readonly slot: number;
  readonly milliseconds: number;
}

/** Narrows piscina's untyped workerData to a WorkerInit, or throws naming what is missing. */
export function asWorkerInit(data: unknown): WorkerInit {
  if (typeof data !== 'object' || data === null) throw new TypeError('einprop worker: workerData is missing');
  const init = data as Partial<WorkerInit>;
  if (!(init.memory instanceof WebAssembly.Memory)) throw new TypeError('einprop worker: workerData.memory is not a WebAssembly.Memory');
  if (!(init.module instanceof WebAssembly.Module)) throw new TypeError('einprop worker: workerData.module is not a WebAssembly.Module');
  if (typeof init.layout !== 'object' || init.layout === null) throw new TypeError('einprop worker: workerData.layout is missing');
  if (!Array.isArray(init.plans) || init.plans.length === 0) throw new TypeError('einprop worker: workerData.plans is missing');
  if (typeof init.spec !== 'object' || init.spec === null) throw new TypeError('einprop worker: workerData.spec is missing');
  if (typeof init.optim !== 'object' || init.optim === null) throw new TypeError('einprop worker: workerData.optim is missing');
  return { memory: init.memory, module: init.module, layout: init.layout, plans: init.plans, spec: init.spec, optim: init.optim };
}
