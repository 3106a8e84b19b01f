// The items of a shared-work phase (claims and first-layer tiles, or update chunks): each thread takes its own item first, then whatever is free.

import { Control } from './layout.js';
import { PHASE_MASK, lingerUntil, spinWhileEqual } from './phase-signal.js';

/** How long a thread waiting for a release sleeps at a time before it checks the phase again. */
const RELEASE_WAIT_MILLISECONDS = 1;

/**
 * One thread's view of the phase's items: one Int32 flag each in shared memory. The coordinator
 * opens a phase by writing its generation word into each free item's flag; a thread takes an item
 * by a compare-and-swap from that word to the word without its Phase bits, which no generation
 * word equals. A thread takes its own item (item `slot`, whose data stays in its caches) first,
 * then whatever is free in order; the phase ends when its items are done, whoever did them, so a
 * thread held up by the machine holds the step up by at most the item it runs.
 *
 * A thread that arrives late takes nothing: its compare-and-swap names its own phase's generation,
 * which no flag holds once that phase is over. It reads its arguments before it takes, so an item
 * never runs with another phase's arguments. Pending items (a shard's tiles, until the thread that
 * ran the shard releases them) hold their generation with every Phase bit set, which no phase has.
 */
export class WorkQueue {
  private generation = 0;
  private items = 0;
  /** Items 0 … ownable − 1 may be a thread's own (claims, chunks); tiles never are. */
  private ownable = 0;
  /** Whether this thread has tried its own item yet. */
  private ownTried = false;
  /** Every item below this one is taken: scans start here. */
  private settled = 0;

  constructor(
    private readonly control: Int32Array,
    private readonly flags: Int32Array,
    private readonly slot: number,
  ) {}

  /**
   * Coordinator: opens `items` items for the phase about to be published as `generation`, the first
   * `free` of them free and the rest pending. Call it once the previous phase's items are all done.
   */
  open(generation: number, items: number, free = items): void {
    Atomics.store(this.control, Control.completed, 0);
    for (let k = 0; k < items; k++) Atomics.store(this.flags, k, k < free ? generation : pendingMark(generation));
  }

  /** Any thread: starts taking from the `items` items of the phase published as `generation`, the first `ownable` of which may be a thread's own. */
  begin(generation: number, items: number, ownable = items): void {
    this.generation = generation;
    this.items = items;
    this.ownable = ownable;
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
      const flag = mine ? 0 : Atomics.load(this.flags, k);
      if (flag === pending) advancing = false;
      else if (flag === this.generation && this.takeItem(k)) {
        if (advancing) this.settled = k + 1;
        return k;
      }
      if (advancing) this.settled = k + 1;
    }
    return -1;
  }

  /** True when the last take() found nothing left to it: none free and none pending (its own item counts as settled). */
  settledAll(): boolean {
    return this.settled >= this.items;
  }

  /** Takes item `k` if it is free; true if this thread got it. */
  takeItem(k: number): boolean {
    return Atomics.compareExchange(this.flags, k, this.generation, this.generation & ~PHASE_MASK) === this.generation;
  }

  /** Frees the pending items from … to − 1 (tiles of shards this thread has run) and wakes threads waiting for work. */
  release(from: number, to: number): void {
    for (let k = from; k < to; k++) Atomics.store(this.flags, k, this.generation);
    Atomics.add(this.control, Control.released, 1);
    Atomics.notify(this.control, Control.released);
  }

  /**
   * With nothing free while items are pending: waits until a thread releases some (true), or the
   * items are all done, a later phase starts, or performance.now() passes `until` (false). Polls
   * first, then sleeps in short slices, so it neither misses a release nor holds a core for long.
   */
  awaitRelease(seen: number, until = Number.POSITIVE_INFINITY): boolean {
    const { control } = this;
    // The last item's completion changes the count too (see complete), so polling this word also sees the phase end.
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

  /** Reports a taken item done, once its results are written; the last of `items` wakes the coordinator and any thread awaiting a release. */
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

/** The flag of a pending item of the phase published as `generation`: its count with every Phase bit set. */
function pendingMark(generation: number): number {
  return generation | PHASE_MASK;
}
