// Float32 GEMM: Goto-style cache blocking over packed panels of A and B, around the f32x4 microkernel.

import { KC, MC, MR, NC, NR } from './blocking';
import { microkernel } from './microkernel';
import { packA, packB } from './pack';

/** Bytes of packing scratch gemm_f32 needs for these sizes (pass at least this much at `scratch`). */
export function gemm_f32_scratch(m: i32, n: i32, k: i32): usize {
  return packedABytes(m, k) + packedBBytes(n, k) + tileBytes();
}

/**
 * C = (accumulate ? C : 0) + A·B in float32 for an m×k A and a k×n B: a, b, c are byte offsets of
 * A(0,0), B(0,0), C(0,0); strides count elements (any sign); `scratch` is gemm_f32_scratch(m, n, k) free bytes.
 */
export function gemm_f32(
  m: i32, n: i32, k: i32,
  a: usize, rsA: i32, csA: i32,
  b: usize, rsB: i32, csB: i32,
  c: usize, rsC: i32, accumulate: bool, scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) zeroRows(m, n, c, rsC);
    return;
  }
  const ap = scratch;
  const bp = ap + packedABytes(m, k);
  const tile = bp + packedBBytes(n, k);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const addTo = accumulate || pc > 0;
      packB(kc, nc, b + <usize>((pc * rsB + jc * csB) << 2), rsB, csB, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(mc, kc, a + <usize>((ic * rsA + pc * csA) << 2), rsA, csA, ap);
        block(mc, nc, kc, ap, bp, c + <usize>((ic * rsC + jc) << 2), rsC, addTo, tile);
      }
    }
  }
}

/** One mc×nc block of C from packed A and B; edge tiles go through `tile` and are merged by hand. */
function block(mc: i32, nc: i32, kc: i32, ap: usize, bp: usize, c: usize, rsC: i32, addTo: bool, tile: usize): void {
  const rowBytes = <usize>(rsC << 2);
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const bPanel = bp + <usize>(jr * kc << 2);
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = min(MR, mc - ir);
      const aPanel = ap + <usize>(ir * kc << 2);
      const corner = c + <usize>((ir * rsC + jr) << 2);
      if (rows == MR && cols == NR) {
        microkernel(kc, aPanel, bPanel, corner, rowBytes, addTo);
      } else {
        microkernel(kc, aPanel, bPanel, tile, <usize>(NR << 2), false);
        mergeTile(rows, cols, tile, corner, rowBytes, addTo);
      }
    }
  }
}

/** Copies (addTo: adds) the rows×cols corner of an MR×NR tile into C. */
function mergeTile(rows: i32, cols: i32, tile: usize, c: usize, rowBytes: usize, addTo: bool): void {
  for (let ii = 0; ii < rows; ii++) {
    const src = tile + <usize>(ii * NR << 2);
    const dst = c + <usize>ii * rowBytes;
    for (let jj = 0; jj < cols; jj++) {
      const at = <usize>(jj << 2);
      const value = load<f32>(src + at);
      store<f32>(dst + at, addTo ? load<f32>(dst + at) + value : value);
    }
  }
}

function zeroRows(m: i32, n: i32, c: usize, rsC: i32): void {
  for (let i = 0; i < m; i++) memory.fill(c + <usize>(i * rsC << 2), 0, <usize>(n << 2));
}

function packedABytes(m: i32, k: i32): usize {
  return align64(<usize>(roundUp(min(m, MC), MR) * min(k, KC) << 2));
}

function packedBBytes(n: i32, k: i32): usize {
  return align64(<usize>(roundUp(min(n, NC), NR) * min(k, KC) << 2));
}

function tileBytes(): usize {
  return <usize>(MR * NR << 2);
}

function roundUp(x: i32, multiple: i32): i32 {
  return (x + multiple - 1) / multiple * multiple;
}

function align64(bytes: usize): usize {
  return (bytes + 63) & ~<usize>63;
}
