// compileOptimized: the kernel module it compiles runs the kernels; a process's own choice of the flags is seen.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileOptimized, setsLazyTiering } from '../../src/kernels/compile-optimized.js';
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

  it('sees either flag on the command line in any of its spellings, and nothing else', () => {
    for (const arg of ['--no-wasm-lazy-compilation', '--wasm-dynamic-tiering', '--no-wasm_dynamic_tiering', '--wasm-lazy-compilation=false']) {
      expect(setsLazyTiering(['--expose-gc', arg])).toBe(true);
    }
    for (const arg of ['--trace-wasm-lazy-compilation', '--wasm-tiering-budget=10', 'wasm-lazy-compilation', '--no-warnings']) {
      expect(setsLazyTiering([arg])).toBe(false);
    }
  });

  it('throws the compile error of bytes that are not a module', () => {
    expect(() => compileOptimized(new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]))).toThrow(WebAssembly.CompileError);
  });
});
