// The WebAssembly kernels' exports: pure functions of byte offsets into the imported shared memory.

export { gemm_f32, gemm_f32_scratch } from './gemm';
export { add_f32 } from './add';
