// What a fresh page of memory costs the first time it is written: the floor under any freshly allocated result.

const PAGE = 4096;
const SIZE = 128 * 1024;
const COUNT = 1000;

/** Allocates COUNT arrays of SIZE bytes, keeping each so that every one lands on fresh pages, and writes each once. */
function freshPages(): number {
  const kept: Float32Array[] = [];
  const began = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const array = new Float32Array(SIZE / 4);
    array.fill(1);
    kept.push(array);
  }
  return (performance.now() - began) / COUNT;
}

/** Writes one array of SIZE bytes COUNT times: its pages are touched already. */
function warmPages(): number {
  const array = new Float32Array(SIZE / 4);
  const began = performance.now();
  for (let i = 0; i < COUNT; i++) array.fill(i);
  return (performance.now() - began) / COUNT;
}

const fresh = freshPages();
const warm = warmPages();
console.log(`first touch of ${SIZE / 1024} KiB (node ${process.version}): fresh ${(fresh * 1000).toFixed(1)} µs, written again ${(warm * 1000).toFixed(1)} µs; ${(((fresh - warm) * 1000) / (SIZE / PAGE)).toFixed(2)} µs per fresh 4 KiB page`);
