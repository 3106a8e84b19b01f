// The WebAssembly kernels' exports: pure functions of byte offsets into the imported shared memory.

export { gemm_f32, gemm_f32_scratch } from './gemm';
export { add_f32 } from './add';
export { gather_rows_32 } from './gather-rows';
export { broadcast_rows_32 } from './broadcast-rows';
export { relu_f32, relu_backward_f32 } from './relu';
export { strided_sum_f32 } from './strided-sum';
export { softmax_rows_f32, softmax_cross_entropy_f32, count_hits_f32 } from './output-layer';
export { sgd_f32, momentum_f32, adam_f32 } from './optim';
export { nonfinite_f32 } from './nonfinite';
