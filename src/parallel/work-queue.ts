// The items of a shared-work phase (claims of shards and first-layer tiles, chunks of parameters): each thread takes its own item first, then whatever is free.

import { Control } from './layout.js';
import { PHASE_MASK, lingerUntil, spinWhileEqual } from './phase-signal.js';

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
 *
 * Some items start pending (the first-layer tiles of a shard, until the thread that ran the
 * shard releases them): their flag holds the generation with every Phase bit set, which no Phase
 * value has, so nobody takes them until the release writes the generation word. A thread that
 * finds nothing free while items are pending waits for a release (awaitRelease).
 */
export class WorkQueue {
  private generation = 0;
  private items = 0;
  /** Items 0 … ownable − 1 may be a thread's own (claims, chunks); tiles never are. */
  private ownable = 0;
  /** The item kept out of this thread's reach by the test hook (−1: none). */
  private skip = -1;
  /** Whether this thread has tried its own item yet. */
  private ownTried = false;
  /** Every item below this one is taken (or not this thread's to take): scans start here. */
  private settled = 0;

  constructor(
    private readonly control: Int32Array,
    private readonly flags: Int32Array,
    private readonly slot: number,
  ) {}

  /**
   * Coordinator: opens `items` items for the phase about to be published as `generation`, the
   * first `free` of them free and the rest pending until a thread releases them. Call it only once
   * the previous shared-work phase's items are all done, and before publishing the phase.
   */
  open(generation: number, items: number, free = items): void {
    Atomics.store(this.control, Control.completed, 0);
    for (let k = 0; k < items; k++) Atomics.store(this.flags, k, k < free ? generation : pendingMark(generation));
  }

  /**
   * Any thread: starts taking from the `items` items of the phase published as `generation`, of
   * which the first `ownable` may be a thread's own, leaving item `skip` to the thread whose own it
   * is (the test hook; −1: none).
   */
  begin(generation: number, items: number, skip = -1, ownable = items): void {
    this.generation = generation;
    this.items = items;
    this.ownable = ownable;
    this.skip = skip;
    this.ownTried = false;
    this.settled = 0;
  }

  /** The next free item this thread took, its own first, or −1 when none is free now (see settledAll) or its phase is over. */
  take(): number {
    if (!this.ownTried) {
      this.ownTried = true;
      if (this.slot < this.ownable && this.takeItem(this.slot)) return this.slot;
    }
    const pending = pendingMark(this.generation);
    let advancing = true;
    for (let k = this.settled; k < this.items; k++) {
      const mine = k === this.slot && k < this.ownable;
      const flag = mine || k === this.skip ? 0 : Atomics.load(this.flags, k);
      if (flag === pending) advancing = false;
      else if (flag === this.generation && this.takeItem(k)) {
        if (advancing) this.settled = k + 1;
        return k;
      }
      if (advancing) this.settled = k + 1;
    }
    return -1;
  }

  /** True when the last take() found no item left to it: none free and none pending (its own and the test hook's kept item count as settled). */
  settledAll(): boolean {
    return this.settled >= this.items;
  }

  /** Takes item `k` if it is free; true if this thread got it. */
  takeItem(k: number): boolean {
    return Atomics.compareExchange(this.flags, k, this.generation, this.generation & ~PHASE_MASK) === this.generation;
  }

  /** Frees the pending items from…to−1 (tiles of shards this thread has run) and wakes threads waiting for work. */
  release(from: number, to: number): void {
    for (let k = from; k < to; k++) Atomics.store(this.flags, k, this.generation);
    Atomics.add(this.control, Control.released, 1);
    Atomics.notify(this.control, Control.released);
  }

  /**
   * A thread with nothing free to take while items are pending: waits until a thread releases some
   * (true: take again), or until the phase's items are all done, a later phase starts, or
   * performance.now() passes `until` (false: stop taking). It polls first, then sleeps in slices
   * of RELEASE_WAIT_MILLISECONDS, so that it neither misses a release nor holds a core long from
   * the thread it waits for.
   */
  awaitRelease(seen: number, until = Number.POSITIVE_INFINITY): boolean {
    const { control } = this;
    // The last item's completion changes the count too (see complete), so polling this one word also sees the phase end.
    spinWhileEqual(control, Control.released, seen);
    while (Atomics.load(control, Control.released) === seen) {
      if (Atomics.load(control, Control.completed) >= this.items || Atomics.load(control, Control.generation) !== this.generation) return false;
      if (performance.now() > until) return false;
      Atomics.wait(control, Control.released, seen, RELEASE_WAIT_MILLISECONDS);
    }
    return true;
  }

  /** The release count now: read it before take(), and hand it to awaitRelease if take() found nothing, so that no release is missed. */
  releases(): number {
    return Atomics.load(this.control, Control.released);
  }

  /**
   * The thread that took an item: reports it done, once its results are written. The last of
   * `items` wakes the coordinator, and any thread still waiting for a release (see awaitRelease),
   * which then takes again, finds nothing, and stops.
   */
  complete(items: number): void {
    if (Atomics.add(this.control, Control.completed, 1) !== items - 1) return;
    Atomics.notify(this.control, Control.completed);
    // A change of the release count, not just a wake-up: the next phase's open() may reset `completed` before a waiter looks.
    Atomics.add(this.control, Control.released, 1);
    Atomics.notify(this.control, Control.released);
  }

  /** A worker that found no item left: waits a little for the others to finish theirs (see lingerUntil). */
  linger(items: number): void {
    lingerUntil(this.control, Control.completed, items);
  }
}

/** How long a worker waiting for a release sleeps at a time before it checks the phase again. */
const RELEASE_WAIT_MILLISECONDS = 1;

/**
 * The flag of a pending item of the phase published as `generation`: its count with Phase bits all
 * set, which no Phase value has, so it equals no generation word and no taken item's flag.
 */
function pendingMark(generation: number): number {
  return generation | PHASE_MASK;
}
