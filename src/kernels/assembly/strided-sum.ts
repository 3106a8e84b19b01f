// One summed axis of a float32 array (a bias gradient's nj->j): the einsum sum step's loop, in wasm.

/**
 * For o < outer: c[o·strideC] = (accumulate ? c[o·strideC] : 0) + Σ_{r < inner} a[o·strideOuter + r·strideInner].
 * Strides count elements. NOTE: the sum runs in float64 in r order and is rounded once, exactly as
 * src/einsum/kernels/strided-sum.ts does, so either gives the same bits.
 */
export function strided_sum_f32(
  outer: i32, inner: i32,
  a: usize, strideOuter: i32, strideInner: i32,
  c: usize, strideC: i32, accumulate: bool,
): void {
  for (let o = 0; o < outer; o++) {
    let sum: f64 = 0;
    let at = a + (<usize>(o * strideOuter) << 2);
    const step = <usize>strideInner << 2;
    for (let r = 0; r < inner; r++) {
      sum += <f64>load<f32>(at);
      at += step;
    }
    const out = c + (<usize>(o * strideC) << 2);
    store<f32>(out, <f32>(accumulate ? <f64>load<f32>(out) + sum : sum));
  }
}
