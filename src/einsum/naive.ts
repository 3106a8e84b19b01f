// The reference einsum: one loop over every assignment of every index, the oracle the tests compare plans with.

import { allocate } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { bindSpec } from './bind-spec.js';
import { EinsumError } from './einsum-error.js';
import { parseSpec } from './parse.js';

/**
 * einsum by brute force: for every assignment of values to all indices, adds the product of the operands'
 * elements to the output element. Slow and obviously right; operands may be any strided views.
 */
export function naiveEinsum(spec: string, ...operands: Tensor[]): Tensor {
  const bound = bindSpec(spec, parseSpec(spec), operands.map((t) => t.shape));
  const { sizes } = bound;
  const dtype = operands[0].dtype;
  for (const [t, operand] of operands.entries()) {
    if (operand.dtype !== dtype) throw new EinsumError(spec, `operand ${t} is ${operand.dtype} but operand 0 is ${dtype}`);
  }
  const letters = [...sizes.keys()];
  const extents = letters.map((letter) => sizes.get(letter) ?? 0);
  const outputShape = [...bound.output].map((letter) => sizes.get(letter) ?? 0);
  const out = allocate(dtype, sizeOf(outputShape));
  const result = new Tensor(out, outputShape);
  // strides[t][l]: how far operand t (or the output, last) moves per step of letter l. A broadcast
  // axis (size 1 where its letter is larger) stays at element 0: it adds no stride.
  const views = [...operands, result];
  const strides = [...bound.axes, bound.output].map((group, t) =>
    letters.map((letter) => {
      let s = 0;
      for (let axis = 0; axis < group.length; axis++) {
        if (group[axis] === letter && views[t].shape[axis] === sizes.get(letter)) s += views[t].strides[axis];
      }
      return s;
    }),
  );
  const values = new Array<number>(letters.length).fill(0);
  const total = sizeOf(extents);
  for (let n = 0; n < total; n++) {
    let product = 1;
    for (let t = 0; t < operands.length; t++) {
      let p = operands[t].offset;
      for (let l = 0; l < letters.length; l++) p += values[l] * strides[t][l];
      product *= operands[t].data[p];
    }
    let q = 0;
    for (let l = 0; l < letters.length; l++) q += values[l] * strides[operands.length][l];
    out[q] += product;
    for (let l = letters.length - 1; l >= 0; l--) {
      values[l]++;
      if (values[l] < extents[l]) break;
      values[l] = 0;
    }
  }
  return result;
}
