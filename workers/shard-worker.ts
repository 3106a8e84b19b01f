// The piscina worker: attach to the shared memory once, then run the shards or the parameter range each task names.

import { workerData } from 'piscina';
import { KernelMemory } from '../src/kernels/kernel-memory.js';
import { createOptimizer } from '../src/optim/createOptimizer.js';
import { Control, layoutViews } from '../src/parallel/layout.js';
import { type StepTask, type WorkerReply, type WorkerTask, asWorkerInit } from '../src/parallel/protocol.js';
import { ShardRunner } from '../src/parallel/shard-runner.js';
import { updateRange } from '../src/parallel/update.js';

const init = asWorkerInit(workerData);
const views = layoutViews(init.layout, init.memory.buffer);
// Each worker claims a distinct scratch slot; the add is atomic, so two workers never get one slot.
const slot = Atomics.add(views.control, Control.nextWorkerSlot, 1);
const scratch = init.layout.scratch[slot];
if (scratch === undefined) throw new Error(`einprop worker: slot ${slot} has no scratch region (${init.layout.workers} laid out)`);
const memory = KernelMemory.attach(init.memory, init.module, { base: scratch.byteOffset, bytes: scratch.length });
const runner = new ShardRunner(init.layout, views, init.spec, (length) => memory.f32(memory.alloc(4 * length), length));
// A twin of the coordinator's optimiser over the same shared state: it must not zero it.
const optimizer = createOptimizer(init.optim, init.layout.paramCount, (name) => views.optimizer[name], false);

/** Runs one task: a group of shards, or the update of one parameter range. */
export default function run(task: WorkerTask): WorkerReply {
  if (task.kind === 'update') {
    return { seconds: 0, finite: updateRange(views, optimizer, task.shards, task.lr, task.t, task.range) };
  }
  return { seconds: runShards(task), finite: true };
}

function runShards(task: StepTask): number {
  let seconds = 0;
  for (const shard of task.shards) {
    if (task.fault?.shard === shard.shard) {
      if (task.fault.kind === 'exit') process.exit(70);
      throw new Error(`injected fault in shard ${shard.shard}`);
    }
    seconds += runner.run(shard.shard, shard.start, shard.rows, task.batchSize);
  }
  return seconds;
}
