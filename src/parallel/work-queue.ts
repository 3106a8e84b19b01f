// The items of a shared-work phase (claims of shards, chunks of parameters), handed to whichever thread asks first.

import { Control, Counter } from './layout.js';
import { lingerUntil } from './phase-signal.js';

/**
 * One counter that hands out the items of the phase now running, 0, 1, 2, …, to whichever thread
 * asks, and counts them done. The counter word holds the phase's generation word in its high 32
 * bits and the next item in its low 32, and a thread takes an item only by a compare-and-swap
 * that names its phase's generation. So a thread that arrives late, after the coordinator has
 * moved on to another phase, takes nothing: no item runs twice, and none runs with another
 * phase's arguments. (A thread reads its arguments before it takes an item; if it gets one, its
 * phase was still open, and the coordinator closes the queue once every item is done, before it
 * writes the next phase's arguments. Without the close, a late thread that read a later phase's
 * arguments, with more items, could still take from the finished phase's word.)
 *
 * The phase ends when its items are done, not when every thread has checked in: a thread the
 * machine holds up (a busy core, a host that deschedules a virtual CPU) holds the step up only by
 * the item it is running, and none at all if it has not started one.
 */
export class WorkQueue {
  constructor(
    private readonly control: Int32Array,
    private readonly counters: BigInt64Array,
  ) {}

  /**
   * Coordinator: opens the items of the phase about to be published as `generation`. Call it only
   * once the previous shared-work phase's items are all done, and before publishing the phase.
   */
  open(generation: number): void {
    Atomics.store(this.control, Control.completed, 0);
    Atomics.store(this.counters, Counter.queue, tagOf(generation));
  }

  /** Coordinator: closes the queue once the phase's items are done, or it has failed: no thread takes another item. */
  close(): void {
    // No generation word is 0 (each holds a Phase value), so no thread's tag matches this word.
    Atomics.store(this.counters, Counter.queue, 0n);
  }

  /** True while the phase published as `generation` is open (it may have no item left). */
  isOpen(generation: number): boolean {
    const next = Atomics.load(this.counters, Counter.queue) - tagOf(generation);
    return next >= 0n && next < 1n << 32n;
  }

  /** Any thread: the next of the `items` items of phase `generation`, or −1 if none is left or that phase is over. */
  take(generation: number, items: number): number {
    const tag = tagOf(generation);
    let word = Atomics.load(this.counters, Counter.queue);
    for (;;) {
      // A word of this phase is its tag plus the next item; another phase's lies outside [0, 2^32) of this tag.
      const next = word - tag;
      if (next < 0n || next >= BigInt(items)) return -1;
      const seen = Atomics.compareExchange(this.counters, Counter.queue, word, word + 1n);
      if (seen === word) return Number(next);
      word = seen;
    }
  }

  /** A worker that found no item left: waits a little for the others to finish theirs (see lingerUntil). */
  linger(items: number): void {
    lingerUntil(this.control, Control.completed, items);
  }

  /** The thread that took an item: reports it done, once its results are written. The last of `items` wakes the coordinator. */
  complete(items: number): void {
    if (Atomics.add(this.control, Control.completed, 1) === items - 1) Atomics.notify(this.control, Control.completed);
  }
}

/** A generation word in the counter's high 32 bits, item 0 in the low 32, as the signed word a BigInt64Array holds. */
function tagOf(generation: number): bigint {
  return BigInt.asIntN(64, BigInt(generation >>> 0) << 32n);
}
