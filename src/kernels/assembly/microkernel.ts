// The 4×8 register-blocked f32x4 microkernel: eight accumulators, two vectors of B, one broadcast of A.

import { MR, NR } from './blocking';

/**
 * The MR×NR tile at byte offset c (row stride rsC bytes) becomes (addTo ? tile : 0) + Apanel·Bpanel,
 * where ap is a packed MR-row panel and bp a packed NR-column panel, both of depth kc.
 */
// @ts-ignore: decorator
@inline
export function microkernel(kc: i32, ap: usize, bp: usize, c: usize, rsC: usize, addTo: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp, 0);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap, 0);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += <usize>(MR << 2);
    bp += <usize>(NR << 2);
  }
  storeRow(c, c00, c01, addTo);
  storeRow(c + rsC, c10, c11, addTo);
  storeRow(c + 2 * rsC, c20, c21, addTo);
  storeRow(c + 3 * rsC, c30, c31, addTo);
}

/** Writes (addTo: adds) one row of eight floats. */
// @ts-ignore: decorator
@inline
function storeRow(row: usize, v0: v128, v1: v128, addTo: bool): void {
  if (addTo) {
    v0 = f32x4.add(v0, v128.load(row, 0));
    v1 = f32x4.add(v1, v128.load(row, 16));
  }
  v128.store(row, v0, 0);
  v128.store(row, v1, 16);
}
