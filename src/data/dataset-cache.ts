// A compact binary copy of a dataset on disk: a small header, float32 features, int32 labels, little-endian.

import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { atomicWrite } from '../io/atomic-write.js';
import { outputClasses } from './class-labels.js';
import type { ClassificationDataset } from './dataset.js';

/** The bytes that open every cache file: 'EPDS' (einprop dataset). */
const MAGIC = 0x53445045;
/** Bumped whenever the layout changes, so that older caches are rebuilt. */
const VERSION = 1;
/** Header words: magic, version, source key, count, featureCount, classCount, two reserved. */
const HEADER_BYTES = 32;

/**
 * Writes `data` to `path` atomically (atomicWrite: a temporary file beside it, flushed, renamed
 * over it), so that a reader racing this writer sees the old file, no file, or the whole new one.
 * `sourceKey` identifies the source the cache was built from (a hash of its version and sizes).
 * The classes are kept as their count: a dataset whose labels are their own classes (0, 1, …) reads back whole.
 */
export function writeDatasetCache(path: string, data: ClassificationDataset, sourceKey: number): void {
  const valueCount = data.count * data.featureCount;
  const bytes = new Uint8Array(HEADER_BYTES + 4 * valueCount + 4 * data.count);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, sourceKey >>> 0, true);
  view.setUint32(12, data.count, true);
  view.setUint32(16, data.featureCount, true);
  view.setUint32(20, data.classCount, true);
  const features = data.features;
  let at = HEADER_BYTES;
  for (let i = 0; i < valueCount; i++, at += 4) view.setFloat32(at, features[i], true);
  const labels = data.labels;
  for (let r = 0; r < data.count; r++, at += 4) view.setInt32(at, labels[r], true);

  mkdirSync(dirname(path), { recursive: true });
  atomicWrite(path, bytes);
}

/**
 * Reads a cache written by `writeDatasetCache`, or returns null when the file is missing,
 * truncated, of another version, built from another source (`sourceKey` differs) or inconsistent.
 */
export function readDatasetCache(path: string, sourceKey: number, source: string): ClassificationDataset | null {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return null;
  }
  if (file.byteLength < HEADER_BYTES) return null;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== VERSION) return null;
  if (view.getUint32(8, true) !== sourceKey >>> 0) return null;
  const count = view.getUint32(12, true);
  const featureCount = view.getUint32(16, true);
  const classCount = view.getUint32(20, true);
  const valueCount = count * featureCount;
  if (file.byteLength !== HEADER_BYTES + 4 * valueCount + 4 * count) return null;

  const features = new Float32Array(valueCount);
  let at = HEADER_BYTES;
  for (let i = 0; i < valueCount; i++, at += 4) features[i] = view.getFloat32(at, true);
  const labels = new Int32Array(count);
  let maxLabel = -1;
  for (let r = 0; r < count; r++, at += 4) {
    const label = view.getInt32(at, true);
    if (label < 0) return null;
    if (label > maxLabel) maxLabel = label;
    labels[r] = label;
  }
  if (maxLabel + 1 !== classCount) return null;
  // The labels are the classes' indices, each class its own label (what MNIST's are).
  return { task: 'classification', features, labels, count, featureCount, classCount, classes: outputClasses(classCount), source };
}
