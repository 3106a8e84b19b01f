// How the coordinator starts a phase and the workers report it done: Atomics on the control words.

import { Control } from './layout.js';

/**
 * How long a worker polls for the next phase before it sleeps in Atomics.wait. Between the
 * phases of consecutive steps the gap is tens of microseconds; a sleeping thread on a virtual
 * machine can take a millisecond to wake (measured here: ~1.3 ms after a 10 ms phase, 8 µs with polling).
 */
export const SPIN_MILLISECONDS = 1;

/** How long the coordinator blocks at a time while waiting, before it lets the event loop run (signals, worker errors). */
export const WAIT_SLICE_MILLISECONDS = 5;

/** Coordinator: publishes a phase whose arguments are already written. */
export function startPhase(control: Int32Array, phase: number): void {
  Atomics.store(control, Control.done, 0);
  Atomics.store(control, Control.phase, phase);
  // The arguments and `done` are stored before the generation changes; a worker reads them
  // only after it sees the new generation, and Atomics order the two.
  Atomics.add(control, Control.generation, 1);
  Atomics.notify(control, Control.generation);
}

/** Worker: waits until the generation differs from `seen` (polling, then sleeping) and returns it. */
export function awaitPhase(control: Int32Array, seen: number): number {
  spinWhileBelow(control, Control.generation, seen + 1);
  // Atomics.wait returns at once if the word no longer holds `seen`, so no notify is missed.
  while (Atomics.load(control, Control.generation) === seen) Atomics.wait(control, Control.generation, seen);
  return Atomics.load(control, Control.generation);
}

/** Worker: reports its part of the current phase done (its results are written before this add). */
export function finishPhase(control: Int32Array): void {
  Atomics.add(control, Control.done, 1);
  Atomics.notify(control, Control.done);
}

/**
 * Coordinator: resolves when `workers` have finished the phase. Polls for SPIN_MILLISECONDS, then blocks in slices of
 * WAIT_SLICE_MILLISECONDS, yielding to the event loop between them; rejects as soon as
 * `failure()` returns an error (a worker threw or died).
 */
export async function awaitWorkers(control: Int32Array, workers: number, failure: () => Error | undefined): Promise<void> {
  spinWhileBelow(control, Control.done, workers);
  for (;;) {
    const done = Atomics.load(control, Control.done);
    if (done >= workers) return;
    Atomics.wait(control, Control.done, done, WAIT_SLICE_MILLISECONDS);
    if (Atomics.load(control, Control.done) >= workers) return;
    await new Promise((resolve) => setImmediate(resolve));
    const error = failure();
    if (error !== undefined) throw error;
  }
}

/**
 * Polls until control[index] ≥ value or SPIN_MILLISECONDS pass. A function of its own, so that
 * V8 compiles this hot loop once, small, instead of compiling each caller around it twice (once
 * by on-stack replacement inside the loop, once whole), in every thread, during the first steps.
 * The clock is read every 64 polls: each read boxed a number, and a millisecond of polling made
 * tens of kilobytes of garbage (half the young-generation collections of a training run).
 */
function spinWhileBelow(control: Int32Array, index: number, value: number): void {
  // Date.now ticks in whole milliseconds: one more than SPIN_MILLISECONDS makes the wait at least that long.
  const until = Date.now() + SPIN_MILLISECONDS + 1;
  for (let polls = 1; Atomics.load(control, index) < value; polls++) {
    if ((polls & 63) === 0 && Date.now() >= until) return;
  }
}
