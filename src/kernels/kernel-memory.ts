// The per-thread kernel context: a shared WebAssembly.Memory, the kernels instantiated over it, and a bump arena.

import { existsSync, readFileSync } from 'node:fs';
import { kernelWasmPath } from '../paths.js';
import type { BoundStep } from './bound-kernel.js';
import { compileOptimized } from './compile-optimized.js';
import { type WasmKernels, instantiateKernels } from './wasm-kernels.js';

/** The kernel memory's limits in 64 KiB pages; scripts/build-wasm.mjs compiles the module with the same. */
export const MEMORY_PAGES = { initial: 256, maximum: 65536 } as const;

const PAGE_BYTES = 65536;
/** The smallest growth, in pages, so that many small allocations do not grow the memory one page at a time. */
const MIN_GROWTH_PAGES = 256;
/** The alignment of `transient`, as of `alloc` by default. */
const TRANSIENT_ALIGN = 128;
/** The main arena starts past byte 0, so that no allocation is at offset 0. */
const MAIN_ARENA_BASE = 128;

let compiledModule: WebAssembly.Module | undefined;
let mainContext: KernelMemory | undefined;
let attachedContext: KernelMemory | undefined;

/** The compiled module, read from kernelWasmPath (src/paths.ts) and compiled once, optimised (workers are handed it). */
export function kernelModule(): WebAssembly.Module {
  if (compiledModule === undefined) {
    if (!existsSync(kernelWasmPath)) {
      throw new Error(`einprop: ${kernelWasmPath} is missing; build the kernels with \`npm run build:wasm\``);
    }
    compiledModule = compileOptimized(readFileSync(kernelWasmPath));
  }
  return compiledModule;
}

/** This thread's kernels over one shared WebAssembly.Memory, with a bump arena for scratch. */
export class KernelMemory {
  /**
   * The most arena bytes one float32 gemm takes for packing, whatever its sizes (operands that live
   * outside kernel memory take their copies on top of this).
   */
  static readonly SCRATCH_BYTES = 640 * 1024;

  /** The instance's exports, typed. */
  readonly kernels: WasmKernels;
  private top: number;
  /** The end of the bytes this context may use without growing: its limit, or the memory's size if smaller. */
  private committed: number;
  // NOTE: each growth of a shared memory gives `memory.buffer` a new SharedArrayBuffer object over
  // the same bytes, and views keep the object they were made on: every object seen is remembered.
  private readonly buffers = new Set<ArrayBufferLike>();

  private constructor(
    readonly memory: WebAssembly.Memory,
    readonly module: WebAssembly.Module,
    private readonly base: number,
    private readonly limit: number,
    private readonly growable: boolean,
  ) {
    this.kernels = instantiateKernels(module, memory);
    this.top = base;
    this.committed = Math.min(limit, memory.buffer.byteLength);
    this.buffer();
  }

  /** The main thread's context: creates a shared memory (grows on demand) and instantiates the kernels. */
  static main(): KernelMemory {
    if (mainContext === undefined) {
      const memory = new WebAssembly.Memory({ initial: MEMORY_PAGES.initial, maximum: MEMORY_PAGES.maximum, shared: true });
      mainContext = new KernelMemory(memory, kernelModule(), MAIN_ARENA_BASE, MEMORY_PAGES.maximum * PAGE_BYTES, true);
    }
    return mainContext;
  }

  /** A worker's context over a memory made elsewhere; scratch comes only from [base, base+bytes). */
  static attach(memory: WebAssembly.Memory, module: WebAssembly.Module, scratch: { base: number; bytes: number }): KernelMemory {
    if (!Number.isInteger(scratch.base) || !Number.isInteger(scratch.bytes) || scratch.base < 0 || scratch.bytes < 0) {
      throw new RangeError(`KernelMemory.attach: scratch [${scratch.base}, +${scratch.bytes}) is not a range of bytes`);
    }
    const end = scratch.base + scratch.bytes;
    if (end > memory.buffer.byteLength) {
      throw new RangeError(`KernelMemory.attach: scratch ends at byte ${end}, past the memory's ${memory.buffer.byteLength} bytes`);
    }
    attachedContext = new KernelMemory(memory, module, scratch.base, end, false);
    return attachedContext;
  }

  /** The context gemm uses: the one attached in this thread, else the main one. */
  static current(): KernelMemory {
    return attachedContext ?? KernelMemory.main();
  }

  /** Reserves `bytes` of scratch and returns its byte offset, aligned to `align` (a power of two). */
  alloc(bytes: number, align = 128): number {
    const start = Math.ceil(this.top / align) * align;
    const end = start + bytes;
    if (end > this.limit) {
      throw new RangeError(`kernel memory: ${bytes} bytes at ${start} would pass the end of this context's scratch at ${this.limit}`);
    }
    const size = this.memory.buffer.byteLength;
    if (end > size) {
      if (!this.growable) throw new RangeError(`kernel memory: ${bytes} bytes at ${start} would pass the memory's ${size} bytes`);
      const needed = Math.ceil((end - size) / PAGE_BYTES);
      const room = MEMORY_PAGES.maximum - size / PAGE_BYTES;
      this.memory.grow(Math.min(room, Math.max(needed, MIN_GROWTH_PAGES)));
      this.committed = Math.min(this.limit, this.buffer().byteLength);
    }
    this.top = end;
    return start;
  }

  /**
   * The byte offset of `bytes` free bytes above the arena's top, reserved for nothing: transient
   * room for one synchronous kernel call, during which this thread allocates nothing else (a kernel
   * cannot call back into JavaScript). A bound GEMM packs its panels here on every call, without
   * the bookkeeping of alloc and release.
   */
  transient(bytes: number): number {
    const start = Math.ceil(this.top / TRANSIENT_ALIGN) * TRANSIENT_ALIGN;
    if (start + bytes <= this.committed) return start;
    // Rare: grow the memory (or throw past the limit) as alloc would, then hand the bytes back.
    const mark = this.top;
    this.alloc(bytes, TRANSIENT_ALIGN);
    this.release(mark);
    this.committed = Math.min(this.limit, this.memory.buffer.byteLength);
    return start;
  }

  /** A float32 array of `length` elements reserved in this memory: the allocator networks and seats are given. */
  allocF32(length: number): Float32Array {
    return this.f32(this.alloc(4 * length), length);
  }

  /** A float32 view of `length` elements at `byteOffset`. */
  f32(byteOffset: number, length: number): Float32Array {
    return new Float32Array(this.buffer(), byteOffset, length);
  }

  /** True when the view is over this memory. */
  owns(view: ArrayBufferView): boolean {
    if (this.buffers.has(view.buffer)) return true;
    return this.buffer() === view.buffer;
  }

  /**
   * dst[i] += src[i] for i in [begin, end): the vectorised kernel when both arrays are over this memory,
   * else a loop (the same sums: a float32 sum rounded once or via float64 is the same float32).
   */
  addInto(dst: Float32Array, src: Float32Array, begin = 0, end = dst.length): void {
    this.bindAddInto(dst, src, begin, end)();
  }

  /** addInto bound to its arrays and range: the kernel or the loop, chosen once, here. */
  bindAddInto(dst: Float32Array, src: Float32Array, begin = 0, end = dst.length): BoundStep {
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || begin > end || end > dst.length || end > src.length) {
      throw new RangeError(`addInto: range [${begin}, ${end}) does not fit arrays of ${dst.length} and ${src.length} elements`);
    }
    if (this.owns(dst) && this.owns(src)) {
      const { kernels } = this;
      const n = end - begin;
      const pd = dst.byteOffset + 4 * begin;
      const ps = src.byteOffset + 4 * begin;
      return () => kernels.add_f32(n, pd, ps);
    }
    return () => {
      for (let i = begin; i < end; i++) dst[i] += src[i];
    };
  }

  /** Bytes this context can still allocate (at most; alignment takes a little). */
  get free(): number {
    return this.limit - this.top;
  }

  /** The arena's top, to hand back to `release` once the temporaries allocated after it are done. */
  mark(): number {
    return this.top;
  }

  /** Frees everything allocated since `mark()` returned `mark`. */
  release(mark: number): void {
    if (mark < this.base || mark > this.top) {
      throw new RangeError(`kernel memory: release(${mark}) is outside the arena's used range [${this.base}, ${this.top}]`);
    }
    this.top = mark;
  }

  /** The memory's current buffer object, remembered for `owns`. */
  private buffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return buffer;
  }
}
