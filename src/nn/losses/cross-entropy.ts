// Softmax cross-entropy over class labels: C = −Σ_j y[j] log a[j], fused with the softmax whose ∂C/∂z is s − y.

import { apply, negate, product, ref, softmax, sum } from '../../calculus/expr.js';
import { kernelsOwning } from '../../kernels/kernels-owning.js';
import type { Storage } from '../../tensor/dtype.js';
import type { FusedLoss } from './loss.js';

/**
 * Cross-entropy after a softmax output, averaged over the batch: C_n = −log s_y = logsumexp(z) − z_y,
 * and ∂C/∂z = s − onehot(y), computed from z and s together.
 */
export const crossEntropy: FusedLoss = {
  kind: 'fused',
  name: 'cross-entropy',
  targets: ['classes'],
  output: 'softmax',
  expression: (a, y) => negate(product([y, apply('log', a)], [])),
  closedForm: (activation, k) =>
    activation === 'softmax'
      ? { gradient: sum([softmax(ref('z', k), k), negate(ref('y', k))], [k]), assumes: "log'(s) s = 1, and Σ_j y[j] = 1 for a distribution y" }
      : undefined,
  bind: bindSoftmaxCrossEntropy,
};

/**
 * For rows whose softmax outputs `s` come from pre-activations `z`: each call writes g = (s − onehot(label))·scale
 * and returns Σ_n (logsumexp(z_n) − z_n[label_n]), through softmax_cross_entropy_f32 over kernel memory (chosen
 * once, here) or the loop. Labels are labels[labelOffset + row], classes below `width`. Both ways write the same
 * gradient bits; the loss may differ in its last bits (the kernel's log is musl's, V8's is fdlibm's), so a run
 * reports the same loss at any thread count, where every thread takes the kernel.
 */
function bindSoftmaxCrossEntropy(z: Storage, s: Storage, labels: Int32Array, labelOffset: number, g: Storage, rows: number, width: number): (scale: number) => number {
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
