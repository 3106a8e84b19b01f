// Where the built artefacts live, found from this module's own location (source or dist).

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder above this module that holds package.json. */
export const packageRoot: string = findRoot(dirname(fileURLToPath(import.meta.url)));

/** The compiled WebAssembly kernels, built from src/kernels/assembly by `npm run build`. */
export const kernelWasmPath: string = join(packageRoot, 'dist', 'kernels.wasm');

/** The compiled worker entry point that piscina loads. */
export const workerPath: string = join(packageRoot, 'dist', 'workers', 'shard-worker.js');

/** The folder of dataset caches (ignored by git). */
export const dataDir: string = join(packageRoot, 'data');

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`einprop: no package.json above ${start}`);
  }
}
