// The task each pool worker runs: attach to the shared memory, take a slot, then serve phases until the coordinator says stop.

import { threadId } from 'node:worker_threads';
import { workerData } from 'piscina';
import { KernelMemory } from '../kernels/kernel-memory.js';
import { Control, Phase, WorkerStat, layoutViews } from './layout.js';
import { awaitPhase, finishPhase, isSharedWork, phaseOf } from './phase-signal.js';
import { asWorkerInit } from './protocol.js';
import { type PhaseServer, Seat } from './seat.js';

/** What serves a worker's slot: its seat, or a test's wrapper around it. */
export type SeatWrapper = (seat: Seat) => PhaseServer;

/**
 * The piscina task of a worker entry whose seat `wrap` wraps. It sets up when piscina calls it
 * (each worker runs it once), so importing an entry starts nothing. Throws (ending the run) if a phase fails.
 */
export function workerTask(wrap: SeatWrapper = (seat) => seat): () => void {
  return () => {
    const init = asWorkerInit(workerData);
    const { layout } = init;
    const views = layoutViews(layout, init.memory.buffer);
    const { control, workerStats } = views;
    // Each worker takes a distinct slot; the add is atomic. One piscina starts to replace a dead worker finds none left.
    const slot = Atomics.add(control, Control.nextWorkerSlot, 1);
    if (slot >= layout.threads) throw new Error(`einprop worker: slot ${slot} is past the ${layout.threads} laid out`);
    const scratch = layout.scratch[slot];
    const memory = KernelMemory.attach(init.memory, init.module, { base: scratch.byteOffset, bytes: scratch.length });
    workerStats[WorkerStat.count * slot + WorkerStat.threadId] = threadId;
    const server = wrap(new Seat(views, slot, init.plans, init.spec, init.optim, layout.targets, (length) => memory.allocF32(length)));
    // Generation 0 is the pool's start: a phase published before this worker got here is still served.
    let generation = 0;
    for (;;) {
      // The latest phase: a worker that arrives late may have missed shared-work phases, never one that waits for it.
      generation = awaitPhase(control, generation);
      const phase = phaseOf(generation);
      if (phase === Phase.stop) return;
      try {
        server.serve(generation);
      } catch (error) {
        // Piscina reports the error, not the worker: this word tells the coordinator which one it was.
        workerStats[WorkerStat.count * slot + WorkerStat.failed] = 1;
        throw error;
      }
      // A shared-work phase ends when its items are done: the coordinator does not wait for this worker.
      if (isSharedWork(phase)) continue;
      workerStats[WorkerStat.count * slot + WorkerStat.generation] = generation;
      finishPhase(control);
    }
  };
}
