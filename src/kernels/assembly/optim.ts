// The optimisers' per-parameter updates over float32 buffers, computed exactly as src/optim's loops.

// NOTE: these must give the bits src/optim's TypeScript loops give. SGD and momentum compute in
// float64, as their loops do: each f32x4 load is promoted (exactly) to two f64x2 halves; the halves
// go through the loop's float64 operations in the loop's order, with no fused multiply-add; the
// results are demoted (round to nearest even, as a Float32Array store) and stored. Adam computes in
// float32, as its loop does with Math.fround after every operation: float64 has more than twice
// float32's precision, so rounding a float64 add, sub, mul, div or sqrt of float32 values to float32
// gives the correctly rounded float32 result, which is what f32x4 computes. IEEE add, sub, mul,
// div and sqrt are correctly rounded in JavaScript and WebAssembly alike, so the same operations
// in the same order give the same bits. Tails of n % 4 elements take the same steps one at a time.

/** The low two floats of an f32x4, as an f64x2. */
// @ts-ignore: decorator
@inline
function low(x: v128): v128 {
  return f64x2.promote_low_f32x4(x);
}

/** The high two floats of an f32x4, as an f64x2. */
// @ts-ignore: decorator
@inline
function high(x: v128): v128 {
  return f64x2.promote_low_f32x4(i64x2.shuffle(x, x, 1, 1));
}

/** Two f64x2 rounded to float32 and joined, low then high, into one f32x4. */
// @ts-ignore: decorator
@inline
function join(lo: v128, hi: v128): v128 {
  return i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}

/** SGD on two parameters: p − lr · (g + decay · p). */
// @ts-ignore: decorator
@inline
function sgdPair(p: v128, g: v128, lr: v128, decay: v128): v128 {
  const d = f64x2.add(g, f64x2.mul(decay, p));
  return f64x2.sub(p, f64x2.mul(lr, d));
}

/**
 * SGD as src/optim/momentum.ts's SGD loop: p ← p − lr · (g + decay · p) for n float32 parameters;
 * params and grads are byte offsets.
 */
export function sgd_f32(n: i32, params: usize, grads: usize, lr: f64, decay: f64): void {
  const lr2 = f64x2.splat(lr);
  const decay2 = f64x2.splat(decay);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const p = v128.load(params + at);
    const g = v128.load(grads + at);
    v128.store(params + at, join(sgdPair(low(p), low(g), lr2, decay2), sgdPair(high(p), high(g), lr2, decay2)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    const p = <f64>load<f32>(params + at);
    const g = <f64>load<f32>(grads + at) + decay * p;
    store<f32>(params + at, <f32>(p - lr * g));
  }
}

/** Momentum on four parameters at byte `at`; `nesterov` is a constant at each call, so each loop has one branch. */
// @ts-ignore: decorator
@inline
function momentumQuad(at: usize, params: usize, grads: usize, velocity: usize, lr: v128, mu: v128, decay: v128, nesterov: bool): void {
  const p4 = v128.load(params + at);
  const g4 = v128.load(grads + at);
  const v4 = v128.load(velocity + at);
  const pLo = low(p4);
  const pHi = high(p4);
  const gLo = f64x2.add(low(g4), f64x2.mul(decay, pLo));
  const gHi = f64x2.add(high(g4), f64x2.mul(decay, pHi));
  const vLo = f64x2.add(f64x2.mul(mu, low(v4)), gLo);
  const vHi = f64x2.add(f64x2.mul(mu, high(v4)), gHi);
  v128.store(velocity + at, join(vLo, vHi));
  const sLo = nesterov ? f64x2.add(gLo, f64x2.mul(mu, vLo)) : vLo;
  const sHi = nesterov ? f64x2.add(gHi, f64x2.mul(mu, vHi)) : vHi;
  v128.store(params + at, join(f64x2.sub(pLo, f64x2.mul(lr, sLo)), f64x2.sub(pHi, f64x2.mul(lr, sHi))));
}

/**
 * Momentum as src/optim/momentum.ts: g ← g + decay · p; v ← μ · v + g; p ← p − lr · v, or with
 * nesterov (1) p ← p − lr · (g + μ · v), where v is the float64 value before it is stored.
 */
export function momentum_f32(
  n: i32, params: usize, grads: usize, velocity: usize,
  lr: f64, mu: f64, decay: f64, nesterov: i32,
): void {
  const lr2 = f64x2.splat(lr);
  const mu2 = f64x2.splat(mu);
  const decay2 = f64x2.splat(decay);
  let i = 0;
  if (nesterov) {
    for (; i + 4 <= n; i += 4) momentumQuad(<usize>i << 2, params, grads, velocity, lr2, mu2, decay2, true);
  } else {
    for (; i + 4 <= n; i += 4) momentumQuad(<usize>i << 2, params, grads, velocity, lr2, mu2, decay2, false);
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    const p = <f64>load<f32>(params + at);
    const g = <f64>load<f32>(grads + at) + decay * p;
    const v = mu * <f64>load<f32>(velocity + at) + g;
    store<f32>(velocity + at, <f32>v);
    store<f32>(params + at, <f32>(p - lr * (nesterov ? g + mu * v : v)));
  }
}

/**
 * Adam as src/optim/adam.ts, in float32, with the step's scalars (float32 values) from the caller:
 *   g ← g + decay · p;  m ← β1 · m + (1 − β1) · g;  v ← β2 · v + (1 − β2) · g · g
 *   p ← p − stepSize · (m / (√v / rootCorrection2 + ε))
 * where stepSize = lr / (1 − β1^t) and rootCorrection2 = √(1 − β2^t). Float32 rather than float64:
 * its square roots and divisions run four lanes at a time, and the update took a third of the
 * time (146 against 435 µs for the 235,146 parameters of 784-256-128-10, one thread).
 */
export function adam_f32(
  n: i32, params: usize, grads: usize, m: usize, v: usize,
  stepSize: f32, rootCorrection2: f32,
  beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, epsilon: f32, decay: f32,
): void {
  const step4 = f32x4.splat(stepSize);
  const root4 = f32x4.splat(rootCorrection2);
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(oneMinusBeta2);
  const eps4 = f32x4.splat(epsilon);
  const decay4 = f32x4.splat(decay);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const p = v128.load(params + at);
    const g = f32x4.add(v128.load(grads + at), f32x4.mul(decay4, p));
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + at)), f32x4.mul(c1, g));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + at)), f32x4.mul(f32x4.mul(c2, g), g));
    v128.store(m + at, mi);
    v128.store(v + at, vi);
    const d = f32x4.add(f32x4.div(f32x4.sqrt(vi), root4), eps4);
    v128.store(params + at, f32x4.sub(p, f32x4.mul(step4, f32x4.div(mi, d))));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    const p = load<f32>(params + at);
    const g = load<f32>(grads + at) + decay * p;
    const mi = beta1 * load<f32>(m + at) + oneMinusBeta1 * g;
    const vi = beta2 * load<f32>(v + at) + oneMinusBeta2 * g * g;
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    store<f32>(params + at, p - stepSize * (mi / (sqrt<f32>(vi) / rootCorrection2 + epsilon)));
  }
}
