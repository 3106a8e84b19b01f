// Register tile and cache block sizes of the float32 GEMM, chosen by measurement.

// V8 keeps at most about 13 v128 values in registers here: 4×8 (8 accumulators) ran at ~54
// GFLOP/s, 2×16 at ~58, but 6×8, 4×12 and 3×16 (12 accumulators) spilled and fell to ~31. 4×8 lets
// both row-major A and column-major B be packed with 4×4 vector transposes. Block sizes barely mattered.

/** Rows of C one microkernel call produces (one broadcast of A per row). */
export const MR: i32 = 4;
/** Columns of C one microkernel call produces (two f32x4 vectors of B). */
export const NR: i32 = 8;
/** Depth of a cache block: a KC×NR sliver of packed B (8 KiB) stays in L1 while A panels stream past. */
export const KC: i32 = 256;
/** Rows of a packed block of A (a multiple of MR; 96 KiB, kept in L2). */
export const MC: i32 = 96;
/** Columns of a packed block of B (a multiple of NR; 512 KiB, from L2 or L3). */
export const NC: i32 = 512;
