// Compiling the kernel module with optimised code for every function before the first call.

import { setFlagsFromString } from 'node:v8';

/** V8's flags for how a module is compiled; on in Node 20 and later by default. */
const LAZY_TIERED = ['wasm-lazy-compilation', 'wasm-dynamic-tiering'] as const;

/**
 * Compiles `bytes` with V8's optimising compiler for every function, now, instead of V8's default
 * of compiling each function at its first call with the baseline compiler and optimising it later
 * on a background thread. The default cost a training run about 6 ms in its first step, and when
 * every core runs a shard, the background compile took one of them and the step waited for it.
 * The two flags are switched off for this one synchronous compile only, and back on after it
 * (V8 reads them when a module is compiled); a process started with either flag set keeps its choice.
 */
export function compileOptimized(bytes: Uint8Array): WebAssembly.Module {
  const chosen = process.execArgv.some((arg) => LAZY_TIERED.some((flag) => arg.includes(flag)));
  if (chosen) return new WebAssembly.Module(bytes);
  for (const flag of LAZY_TIERED) setFlagsFromString(`--no-${flag}`);
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    for (const flag of LAZY_TIERED) setFlagsFromString(`--${flag}`);
  }
}
