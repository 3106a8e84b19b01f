// compileOptimized: the kernel module it compiles runs the kernels, whether or not the process chose its own flags.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileOptimized } from '../../src/kernels/compile-optimized.js';
import { instantiateKernels } from '../../src/kernels/wasm-kernels.js';
import { kernelWasmPath } from '../../src/paths.js';

/** Instantiates `module` on a fresh shared memory and adds [1, 2, 3, 4] into [10, 20, 30, 40] with add_f32. */
function addWith(module: WebAssembly.Module): number[] {
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
  const kernels = instantiateKernels(module, memory);
  const values = new Float32Array(memory.buffer, 0, 8);
  values.set([10, 20, 30, 40, 1, 2, 3, 4]);
  kernels.add_f32(4, 0, 16);
  return Array.from(values.subarray(0, 4));
}

describe('compileOptimized', () => {
  const bytes = readFileSync(kernelWasmPath);

  it('compiles the kernel module into one whose kernels run, and leaves later compiles working', () => {
    expect(addWith(compileOptimized(bytes))).toEqual([11, 22, 33, 44]);
    expect(addWith(new WebAssembly.Module(bytes))).toEqual([11, 22, 33, 44]);
  });

  it('compiles as usual when the process was started with one of the flags', () => {
    process.execArgv.push('--no-wasm-lazy-compilation');
    try {
      expect(addWith(compileOptimized(bytes))).toEqual([11, 22, 33, 44]);
    } finally {
      process.execArgv.pop();
    }
  });

  it('throws the compile error of bytes that are not a module', () => {
    expect(() => compileOptimized(new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]))).toThrow(WebAssembly.CompileError);
  });
});
