// ReLU and its backward step over float32 arrays: the network's default activation, as one SIMD pass each.

/** a[i] = z[i] > 0 ? z[i] : 0 for i < n (NaN and −0 give +0, as the TypeScript loop does). `a` may be `z`. */
export function relu_f32(n: i32, z: usize, a: usize): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const v = v128.load(z + at);
    v128.store(a + at, v128.and(v, f32x4.gt(v, zero)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    const v = load<f32>(z + at);
    store<f32>(a + at, v > 0 ? v : 0);
  }
}

/** g[i] = z[i] > 0 ? u[i] : 0 for i < n: ∂C/∂z from u = ∂C/∂a, relu'(0) taken as 0. `g` may be `u`. */
export function relu_backward_f32(n: i32, z: usize, u: usize, g: usize): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    v128.store(g + at, v128.and(v128.load(u + at), f32x4.gt(v128.load(z + at), zero)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(g + at, load<f32>(z + at) > 0 ? load<f32>(u + at) : 0);
  }
}
