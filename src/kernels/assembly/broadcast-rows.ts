// Copies one row into every row of a matrix: a dense layer's bias, before its product accumulates onto it.

/** For r < rows: the `width` 4-byte values at src go to row r of dst (byte offsets; the rows must not overlap src). */
export function broadcast_rows_32(rows: i32, width: i32, dst: usize, src: usize): void {
  const bytes = <usize>width << 2;
  for (let r = 0; r < rows; r++) memory.copy(dst + <usize>r * bytes, src, bytes);
}
