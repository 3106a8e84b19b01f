// A minibatch's samples, picked by the epoch's order, copied into a network's input rows.

import type { Storage } from '../tensor/dtype.js';
import { kernelsOwning } from './kernels-owning.js';

/**
 * Row r of `target` (r < rows) becomes sample order[from + r] of `source`, `width` values per sample:
 * one memory.copy per row when all three arrays live in kernel memory, else a loop.
 */
export function gatherRows(source: Float32Array, order: Uint32Array, from: number, rows: number, width: number, target: Storage): void {
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(from) || !Number.isInteger(rows) || from < 0 || rows < 0 || from + rows > order.length || rows * width > target.length) {
    throw new RangeError(`gatherRows: ${rows} rows of ${width} from order[${from}] do not fit an order of ${order.length} and a target of ${target.length} values`);
  }
  // The kernel copies without bounds of its own: a sample past the source would copy a neighbouring region.
  const samples = Math.floor(source.length / width);
  for (let r = 0; r < rows; r++) {
    if (order[from + r] >= samples) throw new RangeError(`gatherRows: order[${from + r}] = ${order[from + r]} is past the source's ${samples} samples`);
  }
  const kernels = target instanceof Float32Array ? kernelsOwning(source, order, target) : undefined;
  if (kernels !== undefined) {
    kernels.gather_rows_f32(rows, width, target.byteOffset, source.byteOffset, order.byteOffset + 4 * from);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const at = order[from + r] * width;
    const to = r * width;
    for (let i = 0; i < width; i++) target[to + i] = source[at + i];
  }
}
