// Softmax cross-entropy's loss and gradient for a block of rows: the wasm kernel over kernel memory, else the loop.

import type { Storage } from '../tensor/dtype.js';
import { kernelsOwning } from './kernels-owning.js';

/**
 * For rows whose softmax outputs `s` come from pre-activations `z`: writes g = (s − onehot(label))·scale
 * and returns Σ_n (logsumexp(z_n) − z_n[label_n]). Labels are labels[labelOffset + row] and must be
 * classes below `width` (checked where the data is loaded). Both ways write the same gradient bits;
 * the returned loss may differ in its last bits (the kernel's log is musl's, V8's is fdlibm's), so a
 * run reports the same loss at any thread count, where every thread takes the kernel.
 */
export function softmaxCrossEntropy(z: Storage, s: Storage, labels: Int32Array, labelOffset: number, g: Storage, rows: number, width: number, scale: number): number {
  return bindSoftmaxCrossEntropy(z, s, labels, labelOffset, g, rows, width)(scale);
}

/** softmaxCrossEntropy bound to its buffers, given the scale at each call: the kernel (chosen once, here) or the loop. */
export function bindSoftmaxCrossEntropy(z: Storage, s: Storage, labels: Int32Array, labelOffset: number, g: Storage, rows: number, width: number): (scale: number) => number {
  const n = rows * width;
  const kernels = z instanceof Float32Array && s instanceof Float32Array && g instanceof Float32Array ? kernelsOwning(z, s, g, labels) : undefined;
  if (kernels !== undefined && n <= Math.min(z.length, s.length, g.length) && labelOffset + rows <= labels.length) {
    const pz = z.byteOffset;
    const ps = s.byteOffset;
    const pl = labels.byteOffset + 4 * labelOffset;
    const pg = g.byteOffset;
    return (scale) => kernels.softmax_cross_entropy_f32(rows, width, pz, ps, pl, pg, scale);
  }
  return (scale) => {
    let lossSum = 0;
    for (let r = 0, row = 0; r < rows; r++, row += width) {
      const label = labels[labelOffset + r];
      // NOTE: −log s_y from z, never log(s_y): s_y underflows to 0 long before z_y − max(z) does.
      let max = -Infinity;
      for (let i = row; i < row + width; i++) if (z[i] > max) max = z[i];
      let sum = 0;
      for (let i = row; i < row + width; i++) sum += Math.exp(z[i] - max);
      lossSum += Math.log(sum) + max - z[row + label];
      for (let i = row; i < row + width; i++) g[i] = (s[i] - (i - row === label ? 1 : 0)) * scale;
    }
    return lossSum;
  };
}
