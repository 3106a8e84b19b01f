// ONNX Runtime for the web, its WebAssembly build on one thread, run in Node: the oracle exported graphs are checked against.

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';

// The .wasm files load from the package's own dist/ folder: nothing is fetched, and no worker is started.
ort.env.wasm.wasmPaths = pathToFileURL(`${dirname(createRequire(import.meta.url).resolve('onnxruntime-web'))}/`).href;
ort.env.wasm.numThreads = 1;

/** What one run of an exported graph gave: `output` [rows, outputs] and, where the graph has it, `class` [rows]. */
export interface OnnxRun {
  readonly output: Float32Array;
  readonly outputDims: readonly number[];
  readonly classes: number[] | undefined;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
}

/** Runs the ONNX model `bytes` on `rows` rows of `width` float32 features (row-major) in ONNX Runtime. */
export async function runOnnx(bytes: Uint8Array, features: Float32Array, rows: number, width: number): Promise<OnnxRun> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const results = await session.run({ input: new ort.Tensor('float32', features, [rows, width]) });
    const output = results.output.data;
    if (!(output instanceof Float32Array)) throw new Error(`runOnnx: output is ${results.output.type}, not float32`);
    const classes = results.class === undefined ? undefined : int64Values(results.class.data);
    return { output, outputDims: results.output.dims, classes, inputNames: session.inputNames, outputNames: session.outputNames };
  } finally {
    await session.release();
  }
}

function int64Values(data: unknown): number[] {
  if (!(data instanceof BigInt64Array)) throw new Error('runOnnx: class is not int64');
  return Array.from(data, Number);
}
