// The typed exports of dist/kernels.wasm: pure functions of byte offsets into the shared kernel memory.

/** The kernels' exports; pointers are byte offsets, strides count elements, booleans are 0 or 1. */
export interface WasmKernels {
  /** C = (accumulate ? C : 0) + A·B in float32; a, b, c address A(0,0), B(0,0), C(0,0). */
  gemm_f32(
    m: number, n: number, k: number,
    a: number, rsA: number, csA: number,
    b: number, rsB: number, csB: number,
    c: number, rsC: number, accumulate: number, scratch: number,
  ): void;
  /** The packing scratch, in bytes, gemm_f32 needs for these sizes. */
  gemm_f32_scratch(m: number, n: number, k: number): number;
  /** dst[i] += src[i] for i < n over float32 arrays. */
  add_f32(n: number, dst: number, src: number): void;
  /**
   * For r < rows: the width 4-byte values of sample order[r] (u32 indices at `order`) of src go to
   * row r of dst. Returns −1, or the first r whose sample is not below `samples` (then copies nothing).
   */
  gather_rows_32(rows: number, width: number, samples: number, dst: number, src: number, order: number): number;
  /** For r < rows: the width 4-byte values at src go to row r of dst. */
  broadcast_rows_32(rows: number, width: number, dst: number, src: number): void;
  /** a[i] = z[i] > 0 ? z[i] : 0 for i < n. */
  relu_f32(n: number, z: number, a: number): void;
  /** g[i] = z[i] > 0 ? u[i] : 0 for i < n. */
  relu_backward_f32(n: number, z: number, u: number, g: number): void;
  /** c[o·sC] = (accumulate ? c[o·sC] : 0) + Σ_r a[o·sO + r·sI] for o < outer, r < inner, summed in float64 in r order. */
  strided_sum_f32(outer: number, inner: number, a: number, strideOuter: number, strideInner: number, c: number, strideC: number, accumulate: number): void;
  /** Softmax along each of `rows` rows of `width` float32s, from z into s. */
  softmax_rows_f32(rows: number, width: number, z: number, s: number): void;
  /** g = (s − onehot(label))·scale over the rows (i32 labels); returns the rows' summed cross-entropy. */
  softmax_cross_entropy_f32(rows: number, width: number, z: number, s: number, labels: number, g: number, scale: number): number;
  /** Rows whose largest float32 (the first on ties) is at their i32 label. */
  count_hits_f32(rows: number, width: number, a: number, labels: number): number;
  /** SGD over n float32 parameters, bit-identical to src/optim/momentum.ts's SGD loop: p ← p − lr·(g + decay·p). */
  sgd_f32(n: number, params: number, grads: number, lr: number, decay: number): void;
  /** Momentum, bit-identical to src/optim/momentum.ts's loop; nesterov is 0 or 1. */
  momentum_f32(n: number, params: number, grads: number, velocity: number, lr: number, mu: number, decay: number, nesterov: number): void;
  /** Adam in float32, bit-identical to src/optim/adam.ts's loop, with the step's bias corrections computed by the caller (scalars rounded to float32). */
  adam_f32(
    n: number, params: number, grads: number, m: number, v: number,
    stepSize: number, rootCorrection2: number,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, epsilon: number, decay: number,
  ): void;
  /** 1 if any of n float32 values is NaN or ±Inf, else 0. */
  nonfinite_f32(n: number, values: number): number;
}

/** Instantiates the kernel module over `memory` and checks that every kernel is exported. */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): WasmKernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exported = (name: keyof WasmKernels): Function => {
    const value = instance.exports[name];
    if (typeof value !== 'function') throw new Error(`einprop: the kernel module does not export ${name}; rebuild it with \`npm run build:wasm\``);
    return value;
  };
  return {
    gemm_f32: exported('gemm_f32') as WasmKernels['gemm_f32'],
    gemm_f32_scratch: exported('gemm_f32_scratch') as WasmKernels['gemm_f32_scratch'],
    add_f32: exported('add_f32') as WasmKernels['add_f32'],
    gather_rows_32: exported('gather_rows_32') as WasmKernels['gather_rows_32'],
    broadcast_rows_32: exported('broadcast_rows_32') as WasmKernels['broadcast_rows_32'],
    relu_f32: exported('relu_f32') as WasmKernels['relu_f32'],
    relu_backward_f32: exported('relu_backward_f32') as WasmKernels['relu_backward_f32'],
    strided_sum_f32: exported('strided_sum_f32') as WasmKernels['strided_sum_f32'],
    softmax_rows_f32: exported('softmax_rows_f32') as WasmKernels['softmax_rows_f32'],
    softmax_cross_entropy_f32: exported('softmax_cross_entropy_f32') as WasmKernels['softmax_cross_entropy_f32'],
    count_hits_f32: exported('count_hits_f32') as WasmKernels['count_hits_f32'],
    sgd_f32: exported('sgd_f32') as WasmKernels['sgd_f32'],
    momentum_f32: exported('momentum_f32') as WasmKernels['momentum_f32'],
    adam_f32: exported('adam_f32') as WasmKernels['adam_f32'],
    nonfinite_f32: exported('nonfinite_f32') as WasmKernels['nonfinite_f32'],
  };
}
