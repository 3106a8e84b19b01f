// Float64 GEMM in TypeScript: operands packed into panels, then a 4×4 register-blocked microkernel.

import type { Storage } from '../tensor/dtype.js';

/** Rows of A (and of C) one microkernel call produces. */
const MR = 4;
/** Columns of B (and of C) one microkernel call produces. */
const NR = 4;
/** Depth of one cache block: a kc×NR sliver of packed B stays in L1. */
const KC = 256;
/** Rows of one packed block of A (kept in L2). */
const MC = 64;
/** Columns of one packed block of B. */
const NC = 512;

// Per-thread packing scratch: gemm is synchronous, so one call at a time uses it.
const packedA = new Float64Array(MC * KC);
const packedB = new Float64Array(KC * NC);
const tile = new Float64Array(MR * NR);

/**
 * C = (accumulate ? C : 0) + A·B in float64 arithmetic, where A(i,p) = a[offA + i·rsA + p·csA],
 * B(p,j) = b[offB + p·rsB + j·csB] and C(i,j) = c[offC + i·rsC + j]; any strides, including transposes.
 */
export function gemmF64(
  m: number, n: number, k: number,
  a: Storage, offA: number, rsA: number, csA: number,
  b: Storage, offB: number, rsB: number, csB: number,
  c: Storage, offC: number, rsC: number, accumulate: boolean,
): void {
  if (m === 0 || n === 0) return;
  if (!accumulate) zeroRows(m, n, c, offC, rsC);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(kc, nc, b, offB + pc * rsB + jc * csB, rsB, csB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(mc, kc, a, offA + ic * rsA + pc * csA, rsA, csA);
        addBlock(mc, nc, kc, c, offC + ic * rsC + jc, rsC);
      }
    }
  }
}

function zeroRows(m: number, n: number, c: Storage, offC: number, rsC: number): void {
  for (let i = 0; i < m; i++) {
    const row = offC + i * rsC;
    c.fill(0, row, row + n);
  }
}

/** Copies an mc×kc block of A into MR-row panels, p-major inside a panel, zero-padding the last panel. */
function packA(mc: number, kc: number, a: Storage, offA: number, rsA: number, csA: number): void {
  let dst = 0;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    const panel = offA + ir * rsA;
    for (let p = 0; p < kc; p++) {
      const src = panel + p * csA;
      for (let ii = 0; ii < MR; ii++) {
        packedA[dst + ii] = ii < rows ? a[src + ii * rsA] : 0;
      }
      dst += MR;
    }
  }
}

/** Copies a kc×nc block of B into NR-column panels, p-major inside a panel, zero-padding the last panel. */
function packB(kc: number, nc: number, b: Storage, offB: number, rsB: number, csB: number): void {
  let dst = 0;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    const panel = offB + jr * csB;
    for (let p = 0; p < kc; p++) {
      const src = panel + p * rsB;
      for (let jj = 0; jj < NR; jj++) {
        packedB[dst + jj] = jj < cols ? b[src + jj * csB] : 0;
      }
      dst += NR;
    }
  }
}

/** C[mc×nc] += packed A · packed B, one MR×NR tile at a time. */
function addBlock(mc: number, nc: number, kc: number, c: Storage, offC: number, rsC: number): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = Math.min(MR, mc - ir);
      multiplyPanels(kc, ir * kc, jr * kc);
      const corner = offC + ir * rsC + jr;
      for (let ii = 0; ii < rows; ii++) {
        const row = corner + ii * rsC;
        for (let jj = 0; jj < cols; jj++) c[row + jj] += tile[ii * NR + jj];
      }
    }
  }
}

/** tile = (MR-row panel of A at pa)·(NR-column panel of B at pb) over depth kc, in sixteen locals. */
function multiplyPanels(kc: number, pa: number, pb: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const A = packedA;
  const B = packedB;
  for (let p = 0; p < kc; p++) {
    const a0 = A[pa], a1 = A[pa + 1], a2 = A[pa + 2], a3 = A[pa + 3];
    const b0 = B[pb], b1 = B[pb + 1], b2 = B[pb + 2], b3 = B[pb + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    pa += MR;
    pb += NR;
  }
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
  tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
  tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
  tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
}
