// The piscina worker: attach to the shared memory once, then run the shards each task names.

import { workerData } from 'piscina';
import { KernelMemory } from '../src/kernels/kernel-memory.js';
import { Control, layoutViews } from '../src/parallel/layout.js';
import { type StepTask, asWorkerInit } from '../src/parallel/protocol.js';
import { ShardRunner } from '../src/parallel/shard-runner.js';

const init = asWorkerInit(workerData);
const views = layoutViews(init.layout, init.memory.buffer);
// Each worker claims a distinct scratch slot; the add is atomic, so two workers never get one slot.
const slot = Atomics.add(views.control, Control.nextWorkerSlot, 1);
const scratch = init.layout.scratch[slot];
if (scratch === undefined) throw new Error(`einprop worker: slot ${slot} has no scratch region (${init.layout.workers} laid out)`);
const memory = KernelMemory.attach(init.memory, init.module, { base: scratch.byteOffset, bytes: scratch.length });
const runner = new ShardRunner(init.layout, views, init.spec, (length) => memory.f32(memory.alloc(4 * length), length));

/** Runs the task's shards in order; returns the seconds spent computing them. */
export default function runShards(task: StepTask): number {
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
