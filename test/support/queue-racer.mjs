// A thread for the work-queue race test: takes items of each phase it sees and marks who took each, until told to stop.
import { workerData } from 'node:worker_threads';
import { WorkQueue } from '../../dist/src/parallel/work-queue.js';

const { control, flags, owners, slot, maxItems, phases } = workerData;
const word = new Int32Array(control);
const taken = new Int32Array(owners);
const queue = new WorkQueue(word, new Int32Array(flags), slot);
// control[GENERATION] is the phase's generation word (0 before the first, −1 to stop); control[ITEMS]
// is its argument, the number of items, written before the phase opens.
const GENERATION = 15;
const ITEMS = 14;
let seen = 0;
for (;;) {
  while (Atomics.load(word, GENERATION) === seen) Atomics.wait(word, GENERATION, seen, 1);
  seen = Atomics.load(word, GENERATION);
  if (seen === -1) break;
  const phase = (seen >>> 3) - 1;
  if (phase >= phases) break;
  // A racer held up here arrives after the phase moved on, holding its generation, and may then
  // read a later phase's item count: it must take nothing.
  if ((phase + slot) % 3 === 0) Atomics.wait(word, GENERATION, seen, 0.05);
  const items = Atomics.load(word, ITEMS);
  // Slot 1 keeps item 1 of every third phase for itself, as the fault hook does.
  const skip = phase % 3 === 0 && slot !== 1 ? 1 : -1;
  queue.begin(seen, items, skip);
  for (let item = queue.take(); item >= 0; item = queue.take()) {
    if (Atomics.compareExchange(taken, phase * maxItems + item, 0, slot + 1) !== 0) Atomics.store(taken, phase * maxItems + item, -1);
    queue.complete(items);
  }
}
