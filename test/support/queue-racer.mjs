// A thread for the work-queue race test: takes items of each phase it sees and marks who took each, until told to stop.
// A phase's first items are claims; each claim frees its own pending items (as a claim frees its shards' tiles) once taken.
import { workerData } from 'node:worker_threads';
import { Control } from '../../dist/src/parallel/layout.js';
import { WorkQueue } from '../../dist/src/parallel/work-queue.js';

const { control, flags, owners, slot, maxItems, phases } = workerData;
const word = new Int32Array(control);
const taken = new Int32Array(owners);
const queue = new WorkQueue(word, new Int32Array(flags), slot);
// control[GENERATION] is the phase's generation word, where training keeps it (0 before the first,
// −1 to stop: a waiting thread sees the phase move on); control[ITEMS] and control[CLAIMS] are its
// arguments, written before the phase opens: the items, the first CLAIMS of them free, and each
// claim k freeing items CLAIMS + k·per … CLAIMS + (k+1)·per − 1.
const CLAIMS = 16;
const ITEMS = 17;
const GENERATION = Control.generation;
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
  const claims = Atomics.load(word, CLAIMS);
  const per = (items - claims) / claims;
  queue.begin(seen, items, claims);
  for (;;) {
    const releases = queue.releases();
    const item = queue.take();
    if (item < 0) {
      if (queue.settledAll() || !queue.awaitRelease(releases)) break;
      continue;
    }
    if (Atomics.compareExchange(taken, phase * maxItems + item, 0, slot + 1) !== 0) Atomics.store(taken, phase * maxItems + item, -1);
    if (item < claims && per > 0) queue.release(claims + item * per, claims + (item + 1) * per);
    queue.complete(items);
  }
}
