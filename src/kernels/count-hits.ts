// Accuracy's numerator: how many rows have their largest output at their label.

import type { Storage } from '../tensor/dtype.js';
import { kernelsOwning } from './kernels-owning.js';

/**
 * How many of `rows` rows of `a` (each `width` wide) have their largest value, the first on ties,
 * at labels[labelOffset + row]: the wasm kernel over kernel memory, else a loop (the same count).
 */
export function countHits(a: Storage, labels: Int32Array, labelOffset: number, rows: number, width: number): number {
  return bindCountHits(a, labels, labelOffset, rows, width)();
}

/** countHits bound to its buffers: the kernel (chosen once, here) or the loop. */
export function bindCountHits(a: Storage, labels: Int32Array, labelOffset: number, rows: number, width: number): () => number {
  const kernels = a instanceof Float32Array ? kernelsOwning(a, labels) : undefined;
  if (kernels !== undefined && rows * width <= a.length && labelOffset + rows <= labels.length) {
    const pa = a.byteOffset;
    const pl = labels.byteOffset + 4 * labelOffset;
    return () => kernels.count_hits_f32(rows, width, pa, pl);
  }
  return () => {
    let hits = 0;
    for (let r = 0, row = 0; r < rows; r++, row += width) {
      let best = row;
      for (let i = row + 1; i < row + width; i++) if (a[i] > a[best]) best = i;
      if (best - row === labels[labelOffset + r]) hits++;
    }
    return hits;
  };
}
