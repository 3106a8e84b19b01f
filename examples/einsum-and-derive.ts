// einsum on tensors (one-shot and compiled), and a dense layer's derivative by tensor calculus.
// From a clone, after `npm run build`: node --experimental-strip-types examples/einsum-and-derive.ts (Node 22.6+).

import { compileEinsum, derive, einsum, parseEquation, printIndex, simplify, tensor } from 'einprop';

// float32 runs the WebAssembly kernels; plain arrays are float64 unless told.
const a = tensor([1, 2, 3, 4, 5, 6], [2, 3], 'float32');
const b = tensor([1, 0, 0, 1, 1, 1], [3, 2], 'float32');
const c = einsum('ij,jk->ik', a, b);
console.log('A·B =', Array.from(c.data), 'shape', c.shape);

// A contraction compiled once for its shapes, bound to buffers, run again and again.
const matmul = compileEinsum('ij,jk->ik', [a.shape, b.shape], 'float32');
const out = new Float32Array(4);
const run = matmul.bind([a.data, b.data], out);
run();
console.log('bound:', Array.from(out));

// numpy's ellipsis: a batch of matrix products.
const batch = tensor(Array.from({ length: 12 }, (_, i) => i), [2, 2, 3], 'float32');
console.log('batched:', einsum('...ij,jk->...ik', batch, b).shape);

// The derivative of a dense layer's pre-activation by its weights, then simplified: δ[j,k] a[n,l].
const layer = parseEquation('z[n,j] = W[j,i] a[n,i] + b[j]');
const dW = derive(layer.expr, 'W');
console.log('∂z/∂W =', printIndex(dW));
console.log('simplified:', printIndex(simplify(dW)));
