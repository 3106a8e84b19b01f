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
  };
}
