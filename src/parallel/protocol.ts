// What the coordinator tells its workers once, at start-up: the memory, the layout, the step plans, the network and the optimiser.

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
