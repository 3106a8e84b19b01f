// Benchmark: how long one thread takes to see another's store and see the answer, through Atomics on shared memory.
//
// The step barrier rests on this. On this project's virtual machine it is bimodal: about 120–140 ns
// in its usual state and about 600 ns in periods when its two vCPUs sit far apart (BENCHMARKS.md).
// bench:peers runs it before each round, so that its report shows which rounds ran in such a period.

import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, workerData } from 'node:worker_threads';

/** Round trips timed per sample, and samples taken. */
const TRIPS = 200_000;
const SAMPLES = 5;

/** Words of the shared buffer: the main thread's store, the echo (a cache line apart), the worker's ready flag. */
const Word = { ping: 0, pong: 16, ready: 32, count: 48 } as const;

/** Median and best nanoseconds of a round trip between this thread and a worker, over `samples` samples of `trips` trips. */
export async function roundTripNanoseconds(trips = TRIPS, samples = SAMPLES): Promise<{ median: number; best: number }> {
  const words = new Int32Array(new SharedArrayBuffer(4 * Word.count));
  const worker = new Worker(new URL(import.meta.url), { workerData: words.buffer });
  while (Atomics.load(words, Word.ready) === 0);
  const times: number[] = [];
  let value = 0;
  for (let s = 0; s < samples; s++) {
    const began = process.hrtime.bigint();
    for (let trip = 0; trip < trips; trip++) {
      value++;
      Atomics.store(words, Word.ping, value);
      while (Atomics.load(words, Word.pong) !== value);
    }
    times.push(Number(process.hrtime.bigint() - began) / trips);
  }
  Atomics.store(words, Word.ping, -1);
  await worker.terminate();
  times.sort((a, b) => a - b);
  return { median: times[samples >> 1], best: times[0] };
}

/** Worker: copies each new ping into pong until the ping is −1. */
function echo(words: Int32Array): void {
  Atomics.store(words, Word.ready, 1);
  for (;;) {
    const value = Atomics.load(words, Word.ping);
    if (value === -1) return;
    if (value !== Atomics.load(words, Word.pong)) Atomics.store(words, Word.pong, value);
  }
}

if (!isMainThread) {
  if (!(workerData instanceof SharedArrayBuffer)) throw new Error('bench/round-trip: the worker expects the shared buffer as its workerData');
  echo(new Int32Array(workerData));
} else if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { median, best } = await roundTripNanoseconds();
  console.log(`Atomics round trip between two threads: median ${median.toFixed(0)} ns, best ${best.toFixed(0)} ns (${SAMPLES} samples of ${TRIPS.toLocaleString('en')} trips, node ${process.version})`);
}
