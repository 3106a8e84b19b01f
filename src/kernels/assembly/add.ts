// Vectorised dst += src over float32 arrays, for summing per-shard gradients.

/** dst[i] += src[i] for i < n; dst and src are byte offsets of float32 arrays. */
export function add_f32(n: i32, dst: usize, src: usize): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const d = dst + (<usize>i << 2);
    const s = src + (<usize>i << 2);
    v128.store(d, f32x4.add(v128.load(d), v128.load(s)));
    v128.store(d, f32x4.add(v128.load(d, 16), v128.load(s, 16)), 16);
    v128.store(d, f32x4.add(v128.load(d, 32), v128.load(s, 32)), 32);
    v128.store(d, f32x4.add(v128.load(d, 48), v128.load(s, 48)), 48);
  }
  for (; i + 4 <= n; i += 4) {
    const d = dst + (<usize>i << 2);
    v128.store(d, f32x4.add(v128.load(d), v128.load(src + (<usize>i << 2))));
  }
  for (; i < n; i++) {
    const d = dst + (<usize>i << 2);
    store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>i << 2)));
  }
}
