// Tests of the binary dataset cache: exact round trip, and refusal of damaged or foreign files.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ClassificationDataset, makeDataset } from '../../src/data/dataset.js';
import { readDatasetCache, writeDatasetCache } from '../../src/data/dataset-cache.js';
import { fcOptions } from '../support/fc.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Small datasets with arbitrary float32 features (no NaN, so that equality is meaningful). */
const datasets: fc.Arbitrary<ClassificationDataset> = fc
  .record({ count: fc.integer({ min: 1, max: 8 }), featureCount: fc.integer({ min: 1, max: 5 }) })
  .chain(({ count, featureCount }) =>
    fc.record({
      features: fc.float32Array({ minLength: count * featureCount, maxLength: count * featureCount, noNaN: true }),
      labels: fc.int32Array({ min: 0, max: 12, minLength: count, maxLength: count }),
    }).map(({ features, labels }) => makeDataset(features, labels, featureCount, 'test')),
  );

describe('datasetCache', () => {
  it('reading what was written gives the same dataset', () => {
    fc.assert(
      fc.property(datasets, (data) => {
        const path = join(dir, 'roundtrip.bin');
        writeDatasetCache(path, data, 7);
        expect(readDatasetCache(path, 7, 'test')).toEqual(data);
      }),
      fcOptions(50),
    );
  });

  it('a file cut short anywhere is refused', () => {
    const data = makeDataset(new Float32Array([1, 2, 3, 4, 5, 6]), new Int32Array([0, 2]), 3, 'test');
    const path = join(dir, 'whole.bin');
    writeDatasetCache(path, data, 1);
    const bytes = readFileSync(path);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.byteLength - 1 }), (length) => {
        const cut = join(dir, 'cut.bin');
        writeFileSync(cut, bytes.subarray(0, length));
        expect(readDatasetCache(cut, 1, 'test')).toBeNull();
      }),
      fcOptions(30),
    );
  });

  it('a cache built from another source, a missing file, or bad magic is refused', () => {
    const data = makeDataset(new Float32Array([0.5, 1]), new Int32Array([1, 0]), 1, 'test');
    const path = join(dir, 'keyed.bin');
    writeDatasetCache(path, data, 42);
    expect(readDatasetCache(path, 42, 'test')).toEqual(data);
    expect(readDatasetCache(path, 43, 'test')).toBeNull();
    expect(readDatasetCache(join(dir, 'absent.bin'), 42, 'test')).toBeNull();
    const bytes = readFileSync(path);
    bytes[0] ^= 0xff;
    writeFileSync(path, bytes);
    expect(readDatasetCache(path, 42, 'test')).toBeNull();
  });

  it('writing leaves no temporary files behind', () => {
    const sub = join(dir, 'clean');
    writeDatasetCache(join(sub, 'a.bin'), makeDataset(new Float32Array([1]), new Int32Array([0]), 1, 'test'), 0);
    expect(readdirSync(sub)).toEqual(['a.bin']);
  });
});
