// The part of the WebAssembly JavaScript API that einprop uses: lib "ES2023" and @types/node declare none of it.

declare global {
  namespace WebAssembly {
    /** The limits of a new memory, in 64 KiB pages; `shared` makes its buffer a SharedArrayBuffer. */
    interface MemoryDescriptor {
      initial: number;
      maximum?: number;
      shared?: boolean;
    }

    /** A linear memory; a shared one can be posted to workers and imported by instances there. */
    class Memory {
      constructor(descriptor: MemoryDescriptor);
      /** The bytes (for a shared memory, a new SharedArrayBuffer object after each growth). */
      readonly buffer: ArrayBuffer | SharedArrayBuffer;
      /** Adds `delta` pages and returns the previous size in pages. */
      grow(delta: number): number;
    }

    /** Compiled code, which can be posted to workers and instantiated there. */
    class Module {
      constructor(bytes: ArrayBufferView | ArrayBuffer);
    }

    /** A value an instance exports. */
    type ExportValue = Function | Memory;

    /** A value given to an instance for one of its imports. */
    type ImportValue = Function | Memory | number;

    /** Imports by module name, then field name. */
    type Imports = Record<string, Record<string, ImportValue>>;

    /** A module instantiated against its imports. */
    class Instance {
      constructor(module: Module, imports?: Imports);
      readonly exports: Record<string, ExportValue>;
    }

    /** Thrown when an instance's imports do not match its module. */
    class LinkError extends Error {}

    /** Thrown when bytes are not a valid module. */
    class CompileError extends Error {}
  }
}

export {};
