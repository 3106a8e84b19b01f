// The messages between the coordinator and its piscina workers, typed in one place.

import type { NetworkSpec } from '../nn/network.js';
import type { OptimizerConfig } from '../train/config.js';
import type { SharedLayout } from './layout.js';
import type { ParameterRange } from './update.js';

/** What every worker receives once, at start-up, as piscina's workerData. */
export interface WorkerInit {
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly layout: SharedLayout;
  readonly spec: NetworkSpec;
  /** The optimiser whose state the layout holds: each worker updates its ranges of it. */
  readonly optim: OptimizerConfig;
}

/** One shard of the current minibatch, as a task names it. */
export interface ShardTask {
  /** The shard's index: its gradient region and its slot in the loss region. */
  readonly shard: number;
  /** First sample of the shard, as a position in the epoch's order. */
  readonly start: number;
  readonly rows: number;
}

/** Phase one of a step: run these shards of a minibatch of `batchSize` samples. */
export interface StepTask {
  readonly kind: 'shards';
  readonly batchSize: number;
  readonly shards: readonly ShardTask[];
  /** Test hook: the worker throws (`throw`) or exits (`exit`) when it meets this shard. */
  readonly fault?: { readonly shard: number; readonly kind: 'throw' | 'exit' };
}

/** Phase two of a step: sum the first `shards` gradient regions over `range` and apply optimiser step `t` there. */
export interface UpdateTask {
  readonly kind: 'update';
  readonly shards: number;
  readonly range: ParameterRange;
  readonly lr: number;
  readonly t: number;
}

/** Any task a worker runs. */
export type WorkerTask = StepTask | UpdateTask;

/** A worker's answer: seconds spent (shards), or whether the range's gradient was finite and applied (update). */
export interface WorkerReply {
  readonly seconds: number;
  readonly finite: boolean;
}

/** Narrows piscina's untyped workerData to a WorkerInit, or throws naming what is missing. */
export function asWorkerInit(data: unknown): WorkerInit {
  if (typeof data !== 'object' || data === null) throw new TypeError('einprop worker: workerData is missing');
  const init = data as Partial<WorkerInit>;
  if (!(init.memory instanceof WebAssembly.Memory)) throw new TypeError('einprop worker: workerData.memory is not a WebAssembly.Memory');
  if (!(init.module instanceof WebAssembly.Module)) throw new TypeError('einprop worker: workerData.module is not a WebAssembly.Module');
  if (typeof init.layout !== 'object' || init.layout === null) throw new TypeError('einprop worker: workerData.layout is missing');
  if (typeof init.spec !== 'object' || init.spec === null) throw new TypeError('einprop worker: workerData.spec is missing');
  if (typeof init.optim !== 'object' || init.optim === null) throw new TypeError('einprop worker: workerData.optim is missing');
  return { memory: init.memory, module: init.module, layout: init.layout, spec: init.spec, optim: init.optim };
}
