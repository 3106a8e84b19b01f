// Copies a minibatch's samples out of the training set, in the epoch's order, into a network's input rows.

/**
 * For r < rows: the `width` 4-byte values of sample order[r] of src go to row r of dst.
 * dst, src and order are byte offsets (order holds u32 sample indices). The indices are checked
 * first: if one is not below `samples`, nothing is copied and the first such r is returned; else −1.
 */
export function gather_rows_32(rows: i32, width: i32, samples: u32, dst: usize, src: usize, order: usize): i32 {
  for (let r = 0; r < rows; r++) {
    if (load<u32>(order + (<usize>r << 2)) >= samples) return r;
  }
  const bytes = <usize>width << 2;
  for (let r = 0; r < rows; r++) {
    const sample = <usize>load<u32>(order + (<usize>r << 2));
    memory.copy(dst + <usize>r * bytes, src + sample * bytes, bytes);
  }
  return -1;
}
