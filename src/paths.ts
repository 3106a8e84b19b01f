// Where the built artefacts live, found from this module's own location (source or dist).

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder above this module that holds package.json. */
export const packageRoot: string = findRoot(dirname(fileURLToPath(import.meta.url)));

/** The compiled WebAssembly kernels, built from src/kernels/assembly by `npm run build`. */
export const kernelWasmPath: string = join(packageRoot, 'dist', 'kernels.wasm');

/** The compiled worker entry point that piscina loads. */
export const workerPath: string = join(packageRoot, 'dist', 'workers', 'shard-worker.js');

/**
 * The folder of einprop's caches (the MNIST digits as binary): `$XDG_CACHE_HOME/einprop`, else
 * `%LOCALAPPDATA%\einprop\Cache` on Windows, else `~/.cache/einprop`; never inside the installed package.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec: a relative path is invalid and to be ignored.
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'einprop');
  const local = env.LOCALAPPDATA;
  if (platform === 'win32' && local !== undefined && isAbsolute(local)) return join(local, 'einprop', 'Cache');
  return join(homedir(), '.cache', 'einprop');
}

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`einprop: no package.json above ${start}`);
  }
}
