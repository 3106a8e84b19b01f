// The finiteness check of a float32 buffer, before an optimiser step: does it hold a NaN or ±Inf anywhere?

/** 1 if any of the n float32 values at byte offset `values` is NaN or ±Inf, else 0. */
export function nonfinite_f32(n: i32, values: usize): i32 {
  // |x| < ∞ is false exactly for NaN and ±Inf; the lanes' results are and-ed, four vectors at a time.
  const inf = f32x4.splat(Infinity);
  let ok0 = i32x4.splat(-1);
  let ok1 = ok0;
  let ok2 = ok0;
  let ok3 = ok0;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const at = values + (<usize>i << 2);
    ok0 = v128.and(ok0, f32x4.lt(f32x4.abs(v128.load(at, 0)), inf));
    ok1 = v128.and(ok1, f32x4.lt(f32x4.abs(v128.load(at, 16)), inf));
    ok2 = v128.and(ok2, f32x4.lt(f32x4.abs(v128.load(at, 32)), inf));
    ok3 = v128.and(ok3, f32x4.lt(f32x4.abs(v128.load(at, 48)), inf));
  }
  for (; i + 4 <= n; i += 4) {
    ok0 = v128.and(ok0, f32x4.lt(f32x4.abs(v128.load(values + (<usize>i << 2))), inf));
  }
  let finite = i32x4.all_true(v128.and(v128.and(ok0, ok1), v128.and(ok2, ok3)));
  for (; i < n; i++) {
    finite = finite && Math.abs(<f64>load<f32>(values + (<usize>i << 2))) < Infinity;
  }
  return finite ? 0 : 1;
}
