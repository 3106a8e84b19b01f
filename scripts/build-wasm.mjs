// Compiles the AssemblyScript kernels (src/kernels/assembly) to dist/kernels.wasm with SIMD over shared memory.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The kernel memory's limits in 64 KiB pages; src/kernels/kernel-memory.ts creates its memory with the same. */
export const memoryPages = { initial: 256, maximum: 65536 };

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs asc on the kernels' entry file and writes dist/kernels.wasm. */
export function buildWasm() {
  const asc = createRequire(import.meta.url).resolve('assemblyscript/bin/asc.js');
  const output = join(root, 'dist', 'kernels.wasm');
  mkdirSync(dirname(output), { recursive: true });
  execFileSync(process.execPath, [
    asc,
    join(root, 'src', 'kernels', 'assembly', 'index.ts'),
    '--outFile', output,
    '--enable', 'simd,threads',
    '--importMemory',
    '--sharedMemory',
    '--initialMemory', String(memoryPages.initial),
    '--maximumMemory', String(memoryPages.maximum),
    '--runtime', 'stub',
    '--noAssert',
    '-O3',
    // At shrink level 1 AssemblyScript's Math.exp and Math.log compute without lookup tables (exp is
    // fdlibm's, as V8's; log is musl's): level 0's tables would be a data segment that every
    // instantiation rewrites into the shared memory. GEMM speed is the same at both levels.
    '--shrinkLevel', '1',
  ], { stdio: 'inherit' });
  return output;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`built ${buildWasm()}`);
}
