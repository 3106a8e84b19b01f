import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Control, Counter } from '../../src/parallel/layout.js';
import { WorkQueue } from '../../src/parallel/work-queue.js';
import { fcOptions } from '../support/fc.js';

/** A queue over fresh control words and counters. */
function freshQueue(): { queue: WorkQueue; control: Int32Array } {
  const control = new Int32Array(new SharedArrayBuffer(4 * Control.count));
  const counters = new BigInt64Array(new SharedArrayBuffer(8 * Counter.count));
  return { queue: new WorkQueue(control, counters), control };
}

describe('WorkQueue', () => {
  it('hands out items 0 … n − 1 once each, in order, then −1; complete counts them done', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (items, generation) => {
        const { queue, control } = freshQueue();
        queue.open(generation);
        const got = [];
        for (let item = queue.take(generation, items); item >= 0; item = queue.take(generation, items)) {
          got.push(item);
          queue.complete(items);
        }
        expect(got).toEqual(Array.from({ length: items }, (_, i) => i));
        expect(queue.take(generation, items)).toBe(-1);
        expect(control[Control.completed]).toBe(items);
      }),
      fcOptions(100),
    );
  });

  it('a thread holding an earlier generation takes nothing once the next phase is open, whatever is left of either', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (earlier, step, before, takenBefore, after) => {
          const later = (earlier + step) | 0;
          const { queue } = freshQueue();
          queue.open(earlier);
          for (let i = 0; i < Math.min(takenBefore, before); i++) queue.take(earlier, before);
          queue.open(later);
          expect(queue.take(earlier, before)).toBe(-1);
          expect(queue.take(earlier, 2 ** 31 - 1)).toBe(-1);
          expect(queue.take(later, after)).toBe(0);
          expect(queue.take(earlier, before)).toBe(-1);
        },
      ),
      fcOptions(200),
    );
  });

  it('once closed, the queue gives nothing to any generation, whatever item count a late thread has worked out', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).filter((g) => g !== 0), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (generation, items, more) => {
        const { queue } = freshQueue();
        queue.open(generation);
        expect(queue.isOpen(generation)).toBe(true);
        for (let i = 0; i < items; i++) queue.take(generation, items);
        // A thread that read a later phase's arguments could count more items than this phase had.
        expect(queue.take(generation, items + more)).toBe(items);
        queue.close();
        expect(queue.isOpen(generation)).toBe(false);
        expect(queue.take(generation, items + more)).toBe(-1);
      }),
      fcOptions(100),
    );
  });

  it('threads racing over many phases, some arriving late, take every item exactly once', async () => {
    const threads = 3;
    const items = 24;
    const phases = 200;
    const GENERATION = 15;
    const control = new SharedArrayBuffer(4 * 16);
    const counters = new SharedArrayBuffer(8 * Counter.count);
    const owners = new SharedArrayBuffer(4 * items * phases);
    const word = new Int32Array(control);
    const queue = new WorkQueue(word, new BigInt64Array(counters));
    const racer = new URL('../support/queue-racer.mjs', import.meta.url);
    const workers = Array.from({ length: threads }, (_, i) => new Worker(racer, { workerData: { control, counters, owners, slot: i + 1, items, phases } }));
    const exits = workers.map((worker) => new Promise((resolve, reject) => worker.on('exit', resolve).on('error', reject)));
    try {
      for (let phase = 0; phase < phases; phase++) {
        const generation = phase + 1;
        queue.open(generation);
        Atomics.store(word, GENERATION, generation);
        Atomics.notify(word, GENERATION);
        // Bounded, so that a lost item fails the test instead of hanging it.
        for (let waits = 0; Atomics.load(word, Control.completed) < items; waits++) {
          if (waits === 10_000) throw new Error(`phase ${phase}: ${Atomics.load(word, Control.completed)} of ${items} items done after 10 s`);
          Atomics.wait(word, Control.completed, Atomics.load(word, Control.completed), 1);
        }
        queue.close();
      }
    } finally {
      Atomics.store(word, GENERATION, -1);
      Atomics.notify(word, GENERATION);
      await Promise.all(exits);
    }
    const taken = new Int32Array(owners);
    // Every item of every phase has exactly one owner: none left untaken (0), none taken twice (−1).
    expect(taken.every((slot) => slot >= 1 && slot <= threads)).toBe(true);
  });
});
