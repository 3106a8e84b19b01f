// Copies a minibatch's samples out of the training set, in the epoch's order, into a network's input rows.

/**
 * For r < rows: the `width` float32s of sample order[r] of src go to row r of dst.
 * dst, src and order are byte offsets (order holds u32 sample indices).
 */
export function gather_rows_f32(rows: i32, width: i32, dst: usize, src: usize, order: usize): void {
  const bytes = <usize>width << 2;
  for (let r = 0; r < rows; r++) {
    const sample = <usize>load<u32>(order + (<usize>r << 2));
    memory.copy(dst + <usize>r * bytes, src + sample * bytes, bytes);
  }
}
