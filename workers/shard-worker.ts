// The piscina worker: attach to the shared memory once, take a slot, then serve phases until told to stop.

import { threadId } from 'node:worker_threads';
import { workerData } from 'piscina';
import { KernelMemory } from '../src/kernels/kernel-memory.js';
import { createOptimizer } from '../src/optim/create-optimizer.js';
import { Control, Phase, WorkerStat, layoutViews } from '../src/parallel/layout.js';
import { awaitPhase, finishPhase, isSharedWork, phaseOf } from '../src/parallel/phase-signal.js';
import { asWorkerInit } from '../src/parallel/protocol.js';
import { Seat } from '../src/parallel/seat.js';

const init = asWorkerInit(workerData);
const { layout } = init;
const views = layoutViews(layout, init.memory.buffer);
const control = views.control;
// Each worker claims a distinct slot; the add is atomic, so two workers never get one slot.
const slot = Atomics.add(control, Control.nextWorkerSlot, 1);
// A worker that piscina starts to replace a dead one finds no slot left: it never serves.
const seat = slot < layout.threads ? sit(slot) : undefined;

function sit(at: number): Seat {
  const scratch = layout.scratch[at];
  const memory = KernelMemory.attach(init.memory, init.module, { base: scratch.byteOffset, bytes: scratch.length });
  // A twin of the coordinator's optimiser over the same shared state: it must not zero it.
  const optimizer = createOptimizer(init.optim, layout.paramCount, (name) => views.optimizer[name], false);
  views.workerStats[WorkerStat.count * at + WorkerStat.threadId] = threadId;
  return new Seat(views, at, init.plans, init.spec, optimizer, (length) => memory.f32(memory.alloc(4 * length), length));
}

/** Serves phases until the coordinator says stop. Throws (ending the run) if a shard fails. */
export default function serve(): void {
  if (seat === undefined) throw new Error(`einprop worker: slot ${slot} is past the ${layout.threads} laid out`);
  // Generation 0 is the pool's start: a phase published before this worker got here is still served.
  let generation = 0;
  for (;;) {
    // The latest phase: a worker that arrives late may have missed shared-work phases, never one that waits for it.
    generation = awaitPhase(control, generation);
    const phase = phaseOf(generation);
    if (phase === Phase.stop) return;
    try {
      seat.serve(generation);
    } catch (error) {
      // Piscina reports the error, not the worker: this word tells the coordinator which one it was.
      views.workerStats[WorkerStat.count * slot + WorkerStat.failed] = 1;
      throw error;
    }
    // A shared-work phase ends when its items are done (see WorkQueue): the coordinator does not wait for this worker.
    if (isSharedWork(phase)) continue;
    views.workerStats[WorkerStat.count * slot + WorkerStat.generation] = generation;
    finishPhase(control);
  }
}
