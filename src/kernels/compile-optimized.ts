// Compiling the kernel module with optimised code for every function before the first call.

import { setFlagsFromString } from 'node:v8';

/** V8's flags for how a wasm module is compiled. */
const LAZY_TIERED = ['wasm-lazy-compilation', 'wasm-dynamic-tiering'] as const;

/**
 * Compiles `bytes` with V8's optimising compiler for every function, now, instead of V8's default
 * of compiling each function at its first call with the baseline compiler and optimising it later
 * on a background thread. The default cost a training run about 6 ms in its first step, and when
 * every core runs a shard, the background compile took one of them and the step waited for it.
 * The two flags are switched off for this one synchronous compile only, and back on after it
 * (V8 reads them when a module is compiled; on is their default in Node 20 and later). A process
 * started with either flag keeps its choice; one that set them at run time is not seen. V8 keeps
 * one compiled module per distinct bytes in a process, so the first compile of these bytes decides:
 * kernelModule() is the only one. Measured here: about 1 ms for the whole module.
 */
export function compileOptimized(bytes: Uint8Array): WebAssembly.Module {
  if (setsLazyTiering(process.execArgv)) return new WebAssembly.Module(bytes);
  for (const flag of LAZY_TIERED) setFlagsFromString(`--no-${flag}`);
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    for (const flag of LAZY_TIERED) setFlagsFromString(`--${flag}`);
  }
}

/** True when the command-line arguments set either flag, in any of V8's spellings (`--no-…`, `=…`, underscores). */
export function setsLazyTiering(execArgv: readonly string[]): boolean {
  const flags: readonly string[] = LAZY_TIERED;
  return execArgv.some((arg) => {
    if (!arg.startsWith('--')) return false;
    const name = arg.slice(2).split('=')[0].replaceAll('_', '-');
    return flags.includes(name.startsWith('no-') ? name.slice(3) : name);
  });
}
