// The TensorFlow.js contenders: pick the backend, check where its binary comes from, train.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { prepareData } from '../../src/train/prepare.js';
import { benchConfig } from './bench-config.js';
import type { ContenderResult } from './contender-result.js';
import { trainTfjs } from './train-tfjs.js';

/** The tfjs backends this benchmark runs (tfjs-node cannot install here: its install downloads a native library). */
export type TfjsBackend = 'cpu' | 'wasm';

/** Trains the benchmark network with tfjs on `backend`; after `maxSteps` steps in all when positive (then no accuracy). */
export async function runTfjs(backend: TfjsBackend, epochs: number, maxSteps: number): Promise<ContenderResult> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not start its ${backend} backend`);
  await tf.ready();
  const notes = backend === 'wasm' ? await wasmNotes() : ['pure JavaScript kernels, one thread'];
  const config = benchConfig(1, epochs);
  const { train, test } = prepareData(config);
  if (train.task !== 'classification' || test.task !== 'classification') throw new Error('the tfjs benchmark trains a classifier');
  const run = trainTfjs(config, train, test, maxSteps);
  return {
    contender: backend === 'cpu' ? 'tfjs-cpu' : 'tfjs-wasm',
    threads: backend === 'wasm' ? getThreadsCount() : 1,
    samplesPerSecond: run.samplesPerSecond,
    steps: run.steps,
    complete: run.complete,
    testAccuracy: run.complete ? run.testAccuracy : null,
    trainLoss: run.trainLoss,
    library: backend === 'cpu' ? `@tensorflow/tfjs ${tf.version.tfjs}` : `@tensorflow/tfjs-backend-wasm ${version_wasm}`,
    notes,
  };
}

/**
 * Which .wasm file the backend loaded and why. It reads the binary from its own dist/ folder in
 * node_modules (no download); the threaded binary is never chosen under Node, because
 * WASM_HAS_MULTITHREAD_SUPPORT is false whenever IS_NODE is true in tfjs-backend-wasm 4.
 */
async function wasmNotes(): Promise<string[]> {
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threaded = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  const file = simd && threaded ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  const path = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')), file);
  if (!existsSync(path)) throw new Error(`tfjs-wasm: its binary ${path} is missing from node_modules`);
  return [
    `binary ${file}, read from node_modules (no download)`,
    threaded ? `multithreaded, ${getThreadsCount()} threads` : 'threaded binary unavailable under Node (WASM_HAS_MULTITHREAD_SUPPORT is false), so one thread',
  ];
}
