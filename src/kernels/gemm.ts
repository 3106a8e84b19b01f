// General matrix multiply over strided storage: float64 in TypeScript, float32 in WebAssembly.

import type { Storage } from '../tensor/dtype.js';
import type { BoundKernel } from './bound-kernel.js';
import { bindGemmF32, gemmF32 } from './gemm-f32.js';
import { gemmF64 } from './gemm-f64.js';
import { spanEnd, spanStart } from './span.js';

/** C = (accumulate ? C : 0) + op(A)·op(B) for an m×k A and a k×n B given by strides; C row-major with row stride rsC. */
export function gemm(
  m: number, n: number, k: number,
  a: Storage, offA: number, rsA: number, csA: number,
  b: Storage, offB: number, rsB: number, csB: number,
  c: Storage, offC: number, rsC: number, accumulate: boolean,
): void {
  checkOperands(m, n, k, a, offA, rsA, csA, b, offB, rsB, csB, c, offC, rsC);
  if (a instanceof Float64Array && b instanceof Float64Array && c instanceof Float64Array) {
    gemmF64(m, n, k, a, offA, rsA, csA, b, offB, rsB, csB, c, offC, rsC, accumulate);
  } else if (a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) {
    gemmF32(m, n, k, a, offA, rsA, csA, b, offB, rsB, csB, c, offC, rsC, accumulate);
  } else {
    throw new TypeError(`gemm: A, B and C must share one dtype; got ${a.constructor.name}, ${b.constructor.name}, ${c.constructor.name}`);
  }
}

/**
 * gemm bound to fixed operands, checked once here: a float32 GEMM whose operands all live in
 * kernel memory becomes one kernel call per run; anything else runs gemm itself each time.
 */
export function bindGemm(
  m: number, n: number, k: number,
  a: Storage, offA: number, rsA: number, csA: number,
  b: Storage, offB: number, rsB: number, csB: number,
  c: Storage, offC: number, rsC: number,
): BoundKernel {
  checkOperands(m, n, k, a, offA, rsA, csA, b, offB, rsB, csB, c, offC, rsC);
  if (a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) {
    const bound = bindGemmF32(m, n, k, a, offA, rsA, csA, b, offB, rsB, csB, c, offC, rsC);
    if (bound !== undefined) return bound;
  }
  return (accumulate) => gemm(m, n, k, a, offA, rsA, csA, b, offB, rsB, csB, c, offC, rsC, accumulate);
}

/** Throws unless the sizes are non-negative integers and every element of A, B and C lies inside its storage. */
function checkOperands(
  m: number, n: number, k: number,
  a: Storage, offA: number, rsA: number, csA: number,
  b: Storage, offB: number, rsB: number, csB: number,
  c: Storage, offC: number, rsC: number,
): void {
  checkSize('m', m);
  checkSize('n', n);
  checkSize('k', k);
  checkSpan('A', a, offA, m, k, rsA, csA);
  checkSpan('B', b, offB, k, n, rsB, csB);
  checkSpan('C', c, offC, m, n, rsC, 1);
}

function checkSize(name: string, d: number): void {
  if (!Number.isInteger(d) || d < 0) throw new RangeError(`gemm: ${name} = ${d} is not a non-negative integer`);
}

/** Throws unless every element of the rows×cols operand lies inside its storage. */
function checkSpan(name: string, data: Storage, offset: number, rows: number, cols: number, rs: number, cs: number): void {
  if (rows === 0 || cols === 0) return;
  const lo = spanStart(offset, rows, cols, rs, cs);
  const hi = spanEnd(offset, rows, cols, rs, cs);
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi >= data.length) {
    throw new RangeError(`gemm: ${name} (${rows}×${cols}, offset ${offset}, strides ${rs}, ${cs}) reaches elements ${lo}..${hi} of storage of length ${data.length}`);
  }
}
