// The piscina worker: attach to the shared memory once, then serve phases signalled on the control words until told to stop.

import { workerData } from 'piscina';
import { KernelMemory } from '../src/kernels/kernel-memory.js';
import { createOptimizer } from '../src/optim/createOptimizer.js';
import type { Optimizer } from '../src/optim/optimizer.js';
import { Control, ControlReal, FaultKind, Phase, WorkerStat, layoutViews } from '../src/parallel/layout.js';
import { awaitPhase, finishPhase } from '../src/parallel/phase-signal.js';
import { asWorkerInit } from '../src/parallel/protocol.js';
import { ShardRunner } from '../src/parallel/shard-runner.js';
import { groupShards, numberedShards } from '../src/parallel/shards.js';
import { type ParameterRange, parameterRanges, updateRange } from '../src/parallel/update.js';

const init = asWorkerInit(workerData);
const { layout } = init;
const views = layoutViews(layout, init.memory.buffer);
const control = views.control;
// Each worker claims a distinct slot; the add is atomic, so two workers never get one slot.
const slot = Atomics.add(control, Control.nextWorkerSlot, 1);

/** What a worker in a slot owns: its network scratch, its optimiser twin, its parameter range. */
interface Seat {
  readonly runner: ShardRunner;
  readonly optimizer: Optimizer;
  readonly range: ParameterRange | undefined;
}

// A worker that piscina starts to replace a dead one finds no slot left: it never serves.
const seat = slot < layout.workers ? sit(slot) : undefined;

function sit(at: number): Seat {
  const scratch = layout.scratch[at];
  const memory = KernelMemory.attach(init.memory, init.module, { base: scratch.byteOffset, bytes: scratch.length });
  return {
    runner: new ShardRunner(layout, views, init.spec, (length) => memory.f32(memory.alloc(4 * length), length)),
    // A twin of the coordinator's optimiser over the same shared state: it must not zero it.
    optimizer: createOptimizer(init.optim, layout.paramCount, (name) => views.optimizer[name], false),
    range: parameterRanges(layout.paramCount, layout.workers)[at],
  };
}

/** Serves phases until the coordinator says stop. Throws (ending the run) if a shard fails. */
export default function serve(): void {
  if (seat === undefined) throw new Error(`einprop worker: slot ${slot} is past the ${layout.workers} laid out`);
  const stats = WorkerStat.count * slot;
  // Generation 0 is the pool's start: a phase published before this worker got here is still served.
  let generation = 0;
  for (;;) {
    generation = awaitPhase(control, generation);
    const phase = Atomics.load(control, Control.phase);
    if (phase === Phase.stop) return;
    if (phase === Phase.shards) views.workerStats[stats + WorkerStat.seconds] = runShards(seat);
    else views.workerStats[stats + WorkerStat.finite] = update(seat) ? 1 : 0;
    views.workerStats[stats + WorkerStat.generation] = generation;
    finishPhase(control);
  }
}

/** Runs this slot's group of the minibatch's shards; returns the seconds spent. */
function runShards({ runner }: Seat): number {
  const batchStart = control[Control.batchStart];
  const batchRows = control[Control.batchRows];
  let seconds = 0;
  for (const { shard, start, rows } of groupShards(numberedShards(batchRows, control[Control.shards]), layout.workers)[slot] ?? []) {
    injectFault(shard);
    seconds += runner.run(shard, batchStart + start, rows, batchRows);
  }
  return seconds;
}

/** Sums and applies this slot's range of the parameters; false if its gradient is not finite. */
function update({ optimizer, range }: Seat): boolean {
  if (range === undefined) return true;
  return updateRange(views, optimizer, control[Control.shards], views.controlReals[ControlReal.lr], control[Control.step], range);
}

/** Test hook: fail in the way the coordinator asked, at the shard it named. */
function injectFault(shard: number): void {
  if (control[Control.faultShard] !== shard) return;
  if (control[Control.faultKind] === FaultKind.exit) process.exit(70);
  if (control[Control.faultKind] === FaultKind.throw) throw new Error(`injected fault in shard ${shard}`);
}
