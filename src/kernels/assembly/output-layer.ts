// The output layer's work in wasm: softmax along rows, the softmax cross-entropy loss and gradient, the hit count.
// The arithmetic is that of the loops in src/ops/softmax.ts, src/nn/losses/cross-entropy.ts and src/kernels/count-hits.ts (float64
// inside, float32 stored). Built at shrink level 1, AssemblyScript's exp is fdlibm's, as V8's is (and
// needs no lookup table in memory): softmax and the gradient agree with the loops bit for bit (tested).
// Its log is musl's, which orders fdlibm's last additions differently: the summed loss, a number
// reported and never differentiated, may differ from the loop's in its last bits.

/** s[n,i] = exp(z[n,i] − max_k z[n,k]) / Σ_k exp(z[n,k] − max_k z[n,k]) for each of `rows` rows of `width`. */
export function softmax_rows_f32(rows: i32, width: i32, z: usize, s: usize): void {
  const rowBytes = <usize>width << 2;
  for (let r = 0; r < rows; r++) {
    const zr = z + <usize>r * rowBytes;
    const sr = s + <usize>r * rowBytes;
    const max = rowMax(width, zr);
    let sum: f64 = 0;
    for (let i = 0; i < width; i++) {
      const e = Math.exp(<f64>load<f32>(zr + (<usize>i << 2)) - max);
      store<f32>(sr + (<usize>i << 2), <f32>e);
      sum += e;
    }
    const inv = 1 / sum;
    for (let i = 0; i < width; i++) {
      const at = sr + (<usize>i << 2);
      store<f32>(at, <f32>(<f64>load<f32>(at) * inv));
    }
  }
}

/**
 * For rows with softmax outputs s of pre-activations z and i32 labels: g = (s − onehot(label))·scale
 * and returns Σ_n (logsumexp(z_n) − z_n[label_n]), the rows' cross-entropy loss summed.
 */
export function softmax_cross_entropy_f32(rows: i32, width: i32, z: usize, s: usize, labels: usize, g: usize, scale: f64): f64 {
  const rowBytes = <usize>width << 2;
  let lossSum: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const label = load<i32>(labels + (<usize>r << 2));
    const zr = z + <usize>r * rowBytes;
    const sr = s + <usize>r * rowBytes;
    const gr = g + <usize>r * rowBytes;
    const max = rowMax(width, zr);
    let sum: f64 = 0;
    for (let i = 0; i < width; i++) sum += Math.exp(<f64>load<f32>(zr + (<usize>i << 2)) - max);
    lossSum += Math.log(sum) + max - <f64>load<f32>(zr + (<usize>label << 2));
    for (let i = 0; i < width; i++) {
      const at = <usize>i << 2;
      store<f32>(gr + at, <f32>((<f64>load<f32>(sr + at) - (i == label ? 1 : 0)) * scale));
    }
  }
  return lossSum;
}

/** How many of `rows` rows have their largest output (the first, on ties) at their i32 label. */
export function count_hits_f32(rows: i32, width: i32, a: usize, labels: usize): i32 {
  const rowBytes = <usize>width << 2;
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>r * rowBytes;
    let best = 0;
    let top = load<f32>(ar);
    for (let i = 1; i < width; i++) {
      const v = load<f32>(ar + (<usize>i << 2));
      if (v > top) {
        top = v;
        best = i;
      }
    }
    if (best == load<i32>(labels + (<usize>r << 2))) hits++;
  }
  return hits;
}

function rowMax(width: i32, row: usize): f64 {
  let max: f64 = -Infinity;
  for (let i = 0; i < width; i++) {
    const v = <f64>load<f32>(row + (<usize>i << 2));
    if (v > max) max = v;
  }
  return max;
}
