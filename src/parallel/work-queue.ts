// The items of a shared-work phase (claims of shards, chunks of parameters): each thread takes its own item first, then whatever is left.

import { Control } from './layout.js';
import { PHASE_MASK, lingerUntil } from './phase-signal.js';

/**
 * One thread's view of the items of the phase now running, and their flags: one Int32 word per
 * item in shared memory. The coordinator opens a phase by writing its generation word into the
 * flag of each of its items; a thread takes an item by a compare-and-swap from that word to the
 * same word without its Phase bits, which no generation word equals. A thread takes its own item
 * first (item `slot`: on a quiet machine the same claim every step, whose data stays in its
 * caches; measured here, letting whoever came first take claim 0 cost two threads 3–5% at batch
 * 128), then the items still free in order, first come first served; the phase ends when its
 * items are done, whoever did them, not when every thread has checked in. A thread the machine
 * holds up (a busy core, a host that deschedules a virtual CPU) holds the step up only by the item
 * it is running, and none at all if it has not started one: the others take its own item too.
 *
 * A thread that arrives late, after the coordinator has moved on, takes nothing: its
 * compare-and-swap names its own phase's generation, which no flag holds any more once that phase
 * is over (every item of a finished phase is taken, and a later phase writes its own generation).
 * A phase that failed may keep free items; after a failure the executor writes no arguments and
 * opens no phase, so a late thread that takes one runs it with that phase's own arguments.
 * So no item runs twice, and none runs with another phase's arguments: a thread reads its
 * arguments before it takes an item, and if it gets one, its phase was not over, so the
 * coordinator had not yet written the next phase's arguments. (A late thread that read a later
 * phase's arguments, and so counts more items, finds the flags past its own phase's items holding
 * no free mark of its generation either.) Generation words repeat after 2^29 phases; a thread
 * would have to stall that long between reading its phase and taking an item to be fooled.
 */
export class WorkQueue {
  private generation = 0;
  private items = 0;
  /** The item kept out of this thread's reach by the test hook (−1: none). */
  private skip = -1;
  /** How far this thread's scan has gone: its own item (if the phase has one for it), then every item in order. */
  private cursor = 0;
  private ownItems = 0;

  constructor(
    private readonly control: Int32Array,
    private readonly flags: Int32Array,
    private readonly slot: number,
  ) {}

  /**
   * Coordinator: opens `items` items for the phase about to be published as `generation`. Call it
   * only once the previous shared-work phase's items are all done, and before publishing the phase.
   */
  open(generation: number, items: number): void {
    Atomics.store(this.control, Control.completed, 0);
    for (let k = 0; k < items; k++) Atomics.store(this.flags, k, generation);
  }

  /**
   * Any thread: starts taking from the `items` items of the phase published as `generation`,
   * leaving item `skip` to the thread whose own it is (the test hook; −1: none).
   */
  begin(generation: number, items: number, skip = -1): void {
    this.generation = generation;
    this.items = items;
    this.skip = skip;
    this.cursor = 0;
    this.ownItems = this.slot < items ? 1 : 0;
  }

  /** The next item this thread took, its own first, or −1 when none is left (or its phase is over). */
  take(): number {
    for (; this.cursor < this.ownItems + this.items; this.cursor++) {
      const own = this.cursor < this.ownItems;
      const k = own ? this.slot : this.cursor - this.ownItems;
      if (!own && (k === this.skip || k === this.slot)) continue;
      if (Atomics.load(this.flags, k) !== this.generation) continue;
      if (Atomics.compareExchange(this.flags, k, this.generation, this.generation & ~PHASE_MASK) === this.generation) {
        this.cursor++;
        return k;
      }
    }
    return -1;
  }

  /** The thread that took an item: reports it done, once its results are written. The last of `items` wakes the coordinator. */
  complete(items: number): void {
    if (Atomics.add(this.control, Control.completed, 1) === items - 1) Atomics.notify(this.control, Control.completed);
  }

  /** A worker that found no item left: waits a little for the others to finish theirs (see lingerUntil). */
  linger(items: number): void {
    lingerUntil(this.control, Control.completed, items);
  }
}
