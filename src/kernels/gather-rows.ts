// A minibatch's samples, picked by the epoch's order, copied into a network's input rows (or its labels).

import { kernelsOwning } from './kernels-owning.js';

/** Where a gather copies from: samples' features (float32) or their labels (int32), `width` values per sample. */
export type GatherSource = Float32Array | Int32Array;

/** Where a gather copies to: a network's input rows (float32 or float64) or a pass's labels. */
export type GatherTarget = Float32Array | Float64Array | Int32Array;

/** Copies samples order[from], …, order[from + rows − 1] into the target's first `rows` rows. */
export type BoundGather = (from: number, rows: number) => void;

/**
 * Binds the gather from `source` into `target` through `order`, `width` values per sample: when
 * all three live in kernel memory and hold 4-byte values of one type, a call is one kernel call
 * (one memory.copy per row, the sample indices checked first, in the kernel); else a loop.
 * Either way, a sample index past the source throws before anything is copied.
 */
export function bindGatherRows(source: GatherSource, order: Uint32Array, width: number, target: GatherTarget): BoundGather {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`gatherRows: a width of ${width} is not a count of values`);
  const samples = Math.floor(source.length / width);
  const capacity = Math.floor(target.length / width);
  const check = (from: number, rows: number): void => {
    if (!Number.isInteger(from) || !Number.isInteger(rows) || from < 0 || rows < 0 || from + rows > order.length || rows > capacity) {
      throw new RangeError(`gatherRows: ${rows} rows of ${width} from order[${from}] do not fit an order of ${order.length} and a target of ${target.length} values`);
    }
  };
  const sameType = (source instanceof Float32Array && target instanceof Float32Array) || (source instanceof Int32Array && target instanceof Int32Array);
  const kernels = sameType ? kernelsOwning(source, order, target) : undefined;
  if (kernels === undefined) {
    return (from, rows) => {
      check(from, rows);
      for (let r = 0; r < rows; r++) if (order[from + r] >= samples) throw pastSource(order, from + r, samples);
      for (let r = 0; r < rows; r++) {
        const at = order[from + r] * width;
        const to = r * width;
        for (let i = 0; i < width; i++) target[to + i] = source[at + i];
      }
    };
  }
  const dst = target.byteOffset;
  const src = source.byteOffset;
  return (from, rows) => {
    check(from, rows);
    const bad = kernels.gather_rows_32(rows, width, samples, dst, src, order.byteOffset + 4 * from);
    if (bad >= 0) throw pastSource(order, from + bad, samples);
  };
}

/** Row r of `target` (r < rows) becomes sample order[from + r] of `source`, `width` values per sample (bound and run once). */
export function gatherRows(source: GatherSource, order: Uint32Array, from: number, rows: number, width: number, target: GatherTarget): void {
  bindGatherRows(source, order, width, target)(from, rows);
}

function pastSource(order: Uint32Array, at: number, samples: number): RangeError {
  return new RangeError(`gatherRows: order[${at}] = ${order[at]} is past the source's ${samples} samples`);
}
