import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Control, Phase } from '../../src/parallel/layout.js';
import { WorkQueue } from '../../src/parallel/work-queue.js';
import { fcOptions } from '../support/fc.js';

/** Flags and control words for `items` items, and a queue over them for each of `threads` slots. */
function freshQueues(threads: number, items: number): { queues: WorkQueue[]; control: Int32Array } {
  const control = new Int32Array(new SharedArrayBuffer(4 * Control.count));
  const flags = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, items)));
  return { queues: Array.from({ length: threads }, (_, slot) => new WorkQueue(control, flags, slot)), control };
}

/** A generation word: `count` phases started, the last a shards phase. */
const generation = (count: number): number => ((count << 3) | Phase.shards) | 0;

/** Every item `queue` takes of phase `g`, in order (the first `ownable` may be a thread's own). */
function drain(queue: WorkQueue, g: number, items: number, ownable = items): number[] {
  queue.begin(g, items, ownable);
  const got = [];
  for (let item = queue.take(); item >= 0; item = queue.take()) got.push(item);
  return got;
}

describe('WorkQueue', () => {
  it('a thread takes its own item (its slot) first, then every item left in order, each once; complete counts them done', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.nat(), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 2 ** 28 }), (threads, slotSeed, items, count) => {
        const slot = slotSeed % threads;
        const { queues, control } = freshQueues(threads, items);
        const g = generation(count);
        queues[0].open(g, items);
        const got = drain(queues[slot], g, items);
        const own = slot < items ? [slot] : [];
        const rest = Array.from({ length: items }, (_, k) => k).filter((k) => k !== slot);
        expect(got).toEqual([...own, ...rest]);
        for (const _ of got) queues[slot].complete(items);
        expect(control[Control.completed]).toBe(items);
        // Nothing is left for another thread.
        expect(drain(queues[(slot + 1) % threads], g, items)).toEqual([]);
      }),
      fcOptions(100),
    );
  });

  it('a thread holding an earlier generation takes nothing once the next phase is open, however many items it counts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 29 - 1 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (count, step, before, takenBefore, after) => {
          const earlier = generation(count);
          const later = generation(count + step);
          const items = Math.max(before, after);
          const { queues } = freshQueues(2, 2 * items);
          queues[0].open(earlier, before);
          queues[1].begin(earlier, before);
          for (let i = 0; i < Math.min(takenBefore, before); i++) queues[1].take();
          // The coordinator opens the next phase only once every item of this one is taken (and done): here by slot 0.
          drain(queues[0], earlier, before);
          queues[0].open(later, after);
          expect(drain(queues[1], earlier, before)).toEqual([]);
          // A late thread that read the later phase's arguments counts more items, and still finds none of its phase.
          expect(drain(queues[1], earlier, 2 * items)).toEqual([]);
          expect(drain(queues[0], later, after).length).toBe(after);
        },
      ),
      fcOptions(200),
    );
  });

  it('a finished phase gives a thread that counts more items than it had nothing more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (items, more) => {
        const { queues } = freshQueues(2, items + more);
        const g = generation(7);
        queues[0].open(g, items);
        expect(drain(queues[0], g, items).length).toBe(items);
        expect(drain(queues[1], g, items + more)).toEqual([]);
      }),
      fcOptions(50),
    );
  });

  it('pending items are taken by nobody until released, then by whoever asks, own items never among them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 12 }), fc.nat(), (threads, free, pending, cut) => {
        const items = free + pending;
        const { queues, control } = freshQueues(threads, items);
        const g = generation(9);
        queues[0].open(g, items, free);
        // Every thread drains what is free: the free items, each once, and none of the pending ones.
        const firstRound = queues.flatMap((queue) => drain(queue, g, items, free));
        expect([...firstRound].sort((a, b) => a - b)).toEqual(Array.from({ length: free }, (_, k) => k));
        expect(queues.every((queue) => queue.settledAll() === (pending === 0))).toBe(true);
        // Releasing some of them frees exactly those, and wakes waiters through the release count.
        const split = free + (cut % (pending + 1));
        const before = queues[0].releases();
        queues[0].release(free, split);
        expect(control[Control.released]).toBe(before + 1);
        const secondRound = queues.flatMap((queue) => drain(queue, g, items, free));
        expect([...secondRound].sort((a, b) => a - b)).toEqual(Array.from({ length: split - free }, (_, k) => free + k));
        expect(queues[threads - 1].settledAll()).toBe(split === items);
      }),
      fcOptions(100),
    );
  });

  it('awaitRelease returns true on a release, false once the items are done, the phase has moved on, or its time is up', () => {
    const { queues, control } = freshQueues(1, 4);
    const g = generation(5);
    queues[0].open(g, 4, 2);
    Atomics.store(control, Control.generation, g);
    queues[0].begin(g, 4, 2);
    const seen = queues[0].releases();
    Atomics.add(control, Control.released, 1);
    expect(queues[0].awaitRelease(seen)).toBe(true);
    const began = performance.now();
    expect(queues[0].awaitRelease(queues[0].releases(), began + 3)).toBe(false);
    // It sleeps past its time, then the wait ends by itself.
    expect(performance.now() - began).toBeGreaterThanOrEqual(3);
    Atomics.store(control, Control.completed, 4);
    expect(queues[0].awaitRelease(queues[0].releases())).toBe(false);
    Atomics.store(control, Control.completed, 0);
    Atomics.store(control, Control.generation, generation(6));
    expect(queues[0].awaitRelease(queues[0].releases())).toBe(false);
  });

  it('threads racing over many phases of changing size, some arriving late, take every item exactly once, and pending ones once freed', async () => {
    const threads = 3;
    const maxItems = 24;
    const phases = 300;
    // From 1 to 6 claims, each freeing 0 to 3 pending items, in an order that grows and shrinks: flags past a phase's items hold older marks.
    const claimsOf = (phase: number): number => 1 + ((phase * 5) % 6);
    const itemsOf = (phase: number): number => claimsOf(phase) * (1 + (phase % 4));
    const CLAIMS = 16;
    const ITEMS = 17;
    const GENERATION = Control.generation;
    const control = new SharedArrayBuffer(4 * 20);
    const flags = new SharedArrayBuffer(4 * maxItems);
    const owners = new SharedArrayBuffer(4 * maxItems * phases);
    const word = new Int32Array(control);
    // The coordinator opens phases; three racers in slots 0, 1 and 2 take the items.
    const queue = new WorkQueue(word, new Int32Array(flags), 0);
    const racer = new URL('../support/queue-racer.mjs', import.meta.url);
    const workers = Array.from({ length: threads }, (_, slot) => new Worker(racer, { workerData: { control, flags, owners, slot, maxItems, phases } }));
    const exits = workers.map((worker) => new Promise((resolve, reject) => worker.on('exit', resolve).on('error', reject)));
    try {
      for (let phase = 0; phase < phases; phase++) {
        const g = generation(phase + 1);
        const items = itemsOf(phase);
        Atomics.store(word, ITEMS, items);
        Atomics.store(word, CLAIMS, claimsOf(phase));
        queue.open(g, items, claimsOf(phase));
        Atomics.store(word, GENERATION, g);
        Atomics.notify(word, GENERATION);
        // Bounded, so that a lost item fails the test instead of hanging it.
        for (let waits = 0; Atomics.load(word, Control.completed) < items; waits++) {
          if (waits === 10_000) throw new Error(`phase ${phase}: ${Atomics.load(word, Control.completed)} of ${items} items done after 10 s`);
          Atomics.wait(word, Control.completed, Atomics.load(word, Control.completed), 1);
        }
      }
    } finally {
      Atomics.store(word, GENERATION, -1);
      Atomics.notify(word, GENERATION);
      await Promise.all(exits);
    }
    const taken = new Int32Array(owners);
    for (let phase = 0; phase < phases; phase++) {
      const row = Array.from(taken.subarray(phase * maxItems, (phase + 1) * maxItems));
      // Every item of the phase has exactly one owner (none untaken: 0, none taken twice: −1), and none past its items.
      expect(row.slice(0, itemsOf(phase)).every((owner) => owner >= 1 && owner <= threads)).toBe(true);
      expect(row.slice(itemsOf(phase)).every((owner) => owner === 0)).toBe(true);
    }
  });
});
