// How the coordinator starts a phase and the workers report it done: Atomics on the control words.

import { Control } from './layout.js';

/**
 * How many times a thread polls a control word before it sleeps in Atomics.wait: about 40 µs here
 * (3,000 polls took 15 µs). Polling catches the short gaps between phases without a wake-up (a
 * thread that slept through a 10 ms phase took ~1.3 ms to wake, against 8 µs polling). Polling
 * longer costs the machine a core while the thread waits for one that is not running: with one
 * busy process beside two threads, batch 128 trained at 17–20k samples/s polling for 1 ms,
 * 30–32k polling 30,000 times, 34–37k polling 3,000 times or not at all (one thread: 36–39k).
 * Without such a process, not polling lost 6% at batch 128, and 4,096 polls left 20–40 µs more
 * overhead a step than 1 ms; 8,192 measured like 1 ms there and like 4,096 beside the process.
 */
export const SPIN_POLLS = 8192;

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

/** Worker: waits until the generation differs from `seen` (polling SPIN_POLLS times, then sleeping) and returns it. */
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
 * Coordinator: resolves when `workers` have finished the phase. Polls SPIN_POLLS times, then blocks in slices of
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
 * Polls until control[index] ≥ value, at most SPIN_POLLS times. A function of its own, so that V8
 * compiles this hot loop once, small, instead of compiling each caller around it twice (once by
 * on-stack replacement inside the loop, once whole), in every thread, during the first steps. It
 * counts polls rather than reading a clock, which boxed a number per read and made garbage.
 */
function spinWhileBelow(control: Int32Array, index: number, value: number): void {
  let polls = 0;
  while (polls < SPIN_POLLS && Atomics.load(control, index) < value) polls++;
}
