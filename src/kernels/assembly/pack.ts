// Packing: copies strided blocks of A and B into contiguous, zero-padded panels the microkernel streams.

import { MR, NR } from './blocking';

/**
 * Copies the mc×kc block of A at byte offset `a` (element strides rsA, csA) into MR-row panels at `dst`:
 * panel r holds, for each p, the MR floats A(r·MR + 0..MR−1, p); rows past mc are zeros.
 */
export function packA(mc: i32, kc: i32, a: usize, rsA: i32, csA: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    packPanel(min(MR, mc - ir), MR, kc, a + <usize>(ir * rsA << 2), rsA, csA, dst);
    dst += <usize>(MR * kc << 2);
  }
}

/**
 * Copies the kc×nc block of B at byte offset `b` (element strides rsB, csB) into NR-column panels at `dst`:
 * panel r holds, for each p, the NR floats B(p, r·NR + 0..NR−1); columns past nc are zeros.
 */
export function packB(kc: i32, nc: i32, b: usize, rsB: i32, csB: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    packPanel(min(NR, nc - jr), NR, kc, b + <usize>(jr * csB << 2), csB, rsB, dst);
    dst += <usize>(NR * kc << 2);
  }
}

/**
 * Packs one panel: lane l (l < count) at step p is the float at src + (l·laneStep + p·pStep)·4, and
 * dst receives width floats per step, lanes past count zero. width is a multiple of 4.
 */
function packPanel(count: i32, width: i32, kc: i32, src: usize, laneStep: i32, pStep: i32, dst: usize): void {
  if (count == width && laneStep == 1) {
    copyRows(width, kc, src, pStep, dst);
  } else if (count == width && pStep == 1) {
    const done = kc & ~3;
    transposeLanes(width, done, src, laneStep, dst);
    packScalar(count, width, kc - done, src + <usize>(done << 2), laneStep, pStep, dst + <usize>(done * width << 2));
  } else {
    packScalar(count, width, kc, src, laneStep, pStep, dst);
  }
}

/** Lanes contiguous: each step copies `width` floats with vector loads. */
function copyRows(width: i32, kc: i32, src: usize, pStep: i32, dst: usize): void {
  const step = <usize>(pStep << 2);
  for (let p = 0; p < kc; p++) {
    for (let l = 0; l < width; l += 4) {
      v128.store(dst + <usize>(l << 2), v128.load(src + <usize>(l << 2)));
    }
    src += step;
    dst += <usize>(width << 2);
  }
}

/** Each lane contiguous over p: 4×4 blocks (4 lanes × 4 steps) are loaded as vectors and transposed. */
function transposeLanes(width: i32, kc: i32, src: usize, laneStep: i32, dst: usize): void {
  const lane = <usize>(laneStep << 2);
  const row = <usize>(width << 2);
  for (let p = 0; p < kc; p += 4) {
    const from = src + <usize>(p << 2);
    const to = dst + <usize>(p * width << 2);
    for (let l = 0; l < width; l += 4) {
      const at = from + <usize>l * lane;
      const r0 = v128.load(at);
      const r1 = v128.load(at + lane);
      const r2 = v128.load(at + 2 * lane);
      const r3 = v128.load(at + 3 * lane);
      const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5);
      const t1 = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
      const t2 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
      const t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
      const out = to + <usize>(l << 2);
      v128.store(out, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
      v128.store(out + row, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
      v128.store(out + 2 * row, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
      v128.store(out + 3 * row, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
    }
  }
}

/** Any strides, and partial panels: one float at a time, zero past `count`. */
function packScalar(count: i32, width: i32, kc: i32, src: usize, laneStep: i32, pStep: i32, dst: usize): void {
  const lane = <usize>(laneStep << 2);
  const step = <usize>(pStep << 2);
  for (let p = 0; p < kc; p++) {
    for (let l = 0; l < width; l++) {
      const value: f32 = l < count ? load<f32>(src + <usize>l * lane) : 0;
      store<f32>(dst + <usize>(l << 2), value);
    }
    src += step;
    dst += <usize>(width << 2);
  }
}
