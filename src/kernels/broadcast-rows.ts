// One row copied into every row of a matrix (a dense layer's bias under its product): a kernel over kernel memory, else a loop.

import type { Storage } from '../tensor/dtype.js';
import type { BoundStep } from './bound-kernel.js';
import { kernelsOwning } from './kernels-owning.js';

/**
 * Binds target[r·width + i] = row[i] for r < rows, i < width: one memory.copy per row when both are
 * float32 views of kernel memory, else a loop. `row` must not overlap the target's rows.
 */
export function bindBroadcastRows(row: Storage, target: Storage, rows: number, width: number): BoundStep {
  if (!Number.isInteger(rows) || !Number.isInteger(width) || rows < 0 || width < 0 || width > row.length || rows * width > target.length) {
    throw new RangeError(`broadcastRows: ${rows} rows of ${width} do not fit a row of ${row.length} and a target of ${target.length} values`);
  }
  const kernels = row instanceof Float32Array && target instanceof Float32Array ? kernelsOwning(row, target) : undefined;
  if (kernels !== undefined) {
    const dst = target.byteOffset;
    const src = row.byteOffset;
    return () => kernels.broadcast_rows_32(rows, width, dst, src);
  }
  const values = row.subarray(0, width);
  return () => {
    for (let at = 0; at < rows * width; at += width) target.set(values, at);
  };
}
