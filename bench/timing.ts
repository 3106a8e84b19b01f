// How the benchmarks time a call: repeat it until a sample lasts long enough, take several samples.

/** Samples taken of each measurement. */
export const SAMPLES = 9;

/** The least milliseconds one sample lasts: repetitions double until it does. */
export const MIN_SAMPLE_MS = 20;

/** Best and median milliseconds per call of `run`, over SAMPLES samples of at least MIN_SAMPLE_MS each (after one warm-up call). */
export function measure(run: () => void): { best: number; median: number } {
  run();
  let reps = 1;
  while (timeReps(run, reps) < MIN_SAMPLE_MS) reps *= 2;
  const samples: number[] = [];
  for (let s = 0; s < SAMPLES; s++) samples.push(timeReps(run, reps) / reps);
  samples.sort((x, y) => x - y);
  return { best: samples[0], median: samples[SAMPLES >> 1] };
}

function timeReps(run: () => void, reps: number): number {
  const start = performance.now();
  for (let r = 0; r < reps; r++) run();
  return performance.now() - start;
}
