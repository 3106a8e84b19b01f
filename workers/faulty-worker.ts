// A worker entry for tests only: the production seat, wrapped to fail or to stall where a test says (slot 0 wraps the coordinator's the same way).

import { workerData } from 'piscina';
import { Control, Phase, WorkerStat } from '../src/parallel/layout.js';
import { isSharedWork, phaseOf } from '../src/parallel/phase-signal.js';
import type { PhaseServer, Seat } from '../src/parallel/seat.js';
import { WorkQueue } from '../src/parallel/work-queue.js';
import { workerTask } from '../src/parallel/worker-task.js';

/**
 * The thread whose own claim (claim k is slot k's) holds shard `shard` of the first step throws or
 * exits: in that step's shards phase (the default), in the first evaluation, or while it gets ready.
 */
export interface Fault {
  readonly shard: number;
  readonly kind: 'throw' | 'exit';
  readonly phase?: 'shards' | 'evaluate' | 'ready';
}

/** The thread in slot `slot` sleeps `milliseconds` before each shared-work phase, so that the others do its share and it arrives late. */
export interface Stall {
  readonly slot: number;
  readonly milliseconds: number;
}

/** What a test injects. */
export interface Faults {
  readonly fault?: Fault;
  readonly stall?: Stall;
}

/** A seat that fails or stalls as `faults` say, then serves as the production seat does. */
export class FaultySeat implements PhaseServer {
  /** The claim that holds the fault's shard: its own slot's, the same number. */
  private readonly claim: number;
  private fired = false;
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly seat: Seat,
    private readonly faults: Faults,
  ) {
    const plan = seat.plans[0];
    const threads = plan.sizes.threads;
    const shard = faults.fault?.shard ?? 0;
    this.claim = Math.floor(shard / plan.claimSize);
    // Any other thread could win a claim past the threads' own, and then fail instead.
    if (this.claim >= threads) throw new Error(`test hook: shard ${shard} lies in no thread's own claim (claims of ${plan.claimSize} shards, ${threads} threads)`);
    if (shard >= plan.shards.length) throw new Error(`test hook: shard ${shard} is not among the step's ${plan.shards.length} shards`);
  }

  serve(generation: number): void {
    const phase = phaseOf(generation);
    const { fault, stall } = this.faults;
    if (stall?.slot === this.seat.slot && isSharedWork(phase)) Atomics.wait(this.sleeper, 0, 0, stall.milliseconds);
    if (fault !== undefined && !this.fired && phase === Phase[fault.phase ?? 'shards']) {
      this.fired = true;
      if (this.seat.slot === this.claim) this.fail(fault, generation, phase);
      // The claim is its owner's to fail in: the others wait until the owner has taken it.
      if (phase === Phase.shards) this.awaitTaken(generation);
    }
    this.seat.serve(generation);
  }

  /** Takes the fault's claim in a shards phase, as the seat would, then throws or (a pool worker) exits. */
  private fail(fault: Fault, generation: number, phase: number): never {
    const { control, itemFlags, workerStats } = this.seat.views;
    if (phase === Phase.shards) {
      const queue = new WorkQueue(control, itemFlags, this.seat.slot);
      queue.begin(generation, this.claim + 1);
      if (!queue.takeItem(this.claim)) throw new Error(`test hook: claim ${this.claim} was taken by another thread`);
      workerStats[WorkerStat.count * this.seat.slot + WorkerStat.item] = this.claim;
    }
    if (fault.kind === 'exit' && this.seat.slot > 0) process.exit(70);
    throw new Error(`injected fault in shard ${fault.shard}`);
  }

  /** Waits while the fault's claim is still free in the phase published as `generation`. */
  private awaitTaken(generation: number): void {
    const { control, itemFlags } = this.seat.views;
    while (Atomics.load(itemFlags, this.claim) === generation && Atomics.load(control, Control.generation) === generation) {
      Atomics.wait(control, Control.generation, generation, 1);
    }
  }
}

/** The faults a test worker was started with (the executor's test options put them in workerData.test). */
function faultsOf(data: unknown): Faults {
  const test: unknown = typeof data === 'object' && data !== null && 'test' in data ? data.test : undefined;
  if (typeof test !== 'object' || test === null) throw new TypeError('faulty worker: workerData.test is missing');
  return test;
}

export default workerTask((seat) => new FaultySeat(seat, faultsOf(workerData)));
