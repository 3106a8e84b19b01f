// Compiling the kernel module with optimised code for every function before the first call.

import { setFlagsFromString } from 'node:v8';

/** V8's flags for how a wasm module is compiled. */
const LAZY_TIERED = ['wasm-lazy-compilation', 'wasm-dynamic-tiering'] as const;

/**
 * Compiles `bytes` with V8's optimising compiler for every function, now, instead of lazily with the
 * baseline compiler and optimising later on a background thread, which would take a core from a
 * thread running shards mid-run (see BENCHMARKS.md). The two flags are off for this one synchronous
 * compile only; a process started with either flag keeps its choice. V8 keeps one compiled module
 * per distinct bytes, so the first compile decides: kernelModule() is the only caller.
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
