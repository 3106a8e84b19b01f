// How the coordinator starts a phase and the workers report it done: Atomics on the control words.

import { Control, Phase } from './layout.js';

/**
 * How many times a thread polls a control word before it sleeps in Atomics.wait: polling catches
 * the short gaps between phases without a slow wake-up, and more would hold a core from a thread
 * that is not running.
 */
export const SPIN_POLLS = 8192;

/** How long the coordinator blocks at a time while waiting, before it lets the event loop run (signals, worker errors). */
export const WAIT_SLICE_MILLISECONDS = 5;

/** Bits of a generation word that hold its Phase value; the rest count the phases started. */
const PHASE_BITS = 3;

/** The Phase bits of a generation word. No Phase value is 0, so no generation word has them all clear. */
export const PHASE_MASK = (1 << PHASE_BITS) - 1;

/** The Phase value of a generation word. */
export function phaseOf(generation: number): number {
  return generation & PHASE_MASK;
}

/** True for a shared-work phase, which ends when its items are done (see WorkQueue); the others wait for every thread. */
export function isSharedWork(phase: number): boolean {
  return phase === Phase.shards || phase === Phase.update;
}

/**
 * Coordinator: the generation word the next phase, `phase`, is published as: one more phase
 * started, and its Phase value, so that a worker reads both in one load. The count wraps after
 * 2^29 phases; a word differs from the last one, which is all a worker waits for.
 */
export function nextGeneration(control: Int32Array, phase: number): number {
  const started = Atomics.load(control, Control.generation) >>> PHASE_BITS;
  return ((started + 1) << PHASE_BITS) | phase;
}

/** Coordinator: publishes the phase of `generation` (from nextGeneration), whose arguments are already written. */
export function startPhase(control: Int32Array, generation: number): void {
  Atomics.store(control, Control.done, 0);
  // The arguments and `done` are stored before the generation changes; a worker reads them
  // only after it sees the new generation, and Atomics order the two.
  Atomics.store(control, Control.generation, generation);
  Atomics.notify(control, Control.generation);
}

/** Worker: waits until the generation word differs from `seen` (polling SPIN_POLLS times, then sleeping) and returns it. */
export function awaitPhase(control: Int32Array, seen: number): number {
  spinWhileEqual(control, Control.generation, seen);
  // Atomics.wait returns at once if the word no longer holds `seen`, so no notify is missed.
  while (Atomics.load(control, Control.generation) === seen) Atomics.wait(control, Control.generation, seen);
  return Atomics.load(control, Control.generation);
}

/**
 * Worker, out of items in a shared-work phase: polls until control[index] (the items done) reaches
 * `count`, at most SPIN_POLLS times, so that it is less likely to be asleep when the next phase starts.
 */
export function lingerUntil(control: Int32Array, index: number, count: number): void {
  spinWhileBelow(control, index, count);
}

/** Worker: reports its part of the current phase done (its results are written before this add). */
export function finishPhase(control: Int32Array): void {
  Atomics.add(control, Control.done, 1);
  Atomics.notify(control, Control.done);
}

/**
 * Coordinator: resolves when control[index] reaches `count` (pool workers done with a phase, or
 * items of a shared-work phase done). Polls SPIN_POLLS times, then blocks in slices of
 * WAIT_SLICE_MILLISECONDS, yielding to the event loop between them; rejects as soon as
 * `failure()` returns an error (a worker threw or died).
 */
export async function awaitCount(control: Int32Array, index: number, count: number, failure: () => Error | undefined): Promise<void> {
  spinWhileBelow(control, index, count);
  for (;;) {
    const reached = Atomics.load(control, index);
    if (reached >= count) return;
    Atomics.wait(control, index, reached, WAIT_SLICE_MILLISECONDS);
    if (Atomics.load(control, index) >= count) return;
    await new Promise((resolve) => setImmediate(resolve));
    const error = failure();
    if (error !== undefined) throw error;
  }
}

/**
 * Polls until control[index] ≥ value, at most SPIN_POLLS times. Hot loops in functions of their own,
 * so that V8 compiles them once, small; they count polls rather than read a clock, which allocates.
 */
function spinWhileBelow(control: Int32Array, index: number, value: number): void {
  let polls = 0;
  while (polls < SPIN_POLLS && Atomics.load(control, index) < value) polls++;
}

/** Polls while control[index] = value, at most SPIN_POLLS times (see spinWhileBelow). */
export function spinWhileEqual(control: Int32Array, index: number, value: number): void {
  let polls = 0;
  while (polls < SPIN_POLLS && Atomics.load(control, index) === value) polls++;
}
