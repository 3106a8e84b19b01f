// Tests of IDX dataset loading: a tiny image/label pair written to a temp folder, gzipped and not.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src/data/idx.js';
import { loadIdx, loadIdxPair } from '../../src/data/load-idx.js';
import { UserError } from '../../src/errors.js';

const root = mkdtempSync(join(tmpdir(), 'einprop-loadidx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Three 2×2 images and their labels. */
const pixels = new Uint8Array([0, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 200]);
const labels = new Uint8Array([7, 0, 3]);

/** A folder holding the pair under `prefix`, gzipped or not. */
function writePair(name: string, prefix: string, gzip: boolean, imageDims = [3, 2, 2], labelDims = [3]): string {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  const ext = gzip ? '.gz' : '';
  const pack = (bytes: Uint8Array): Uint8Array => (gzip ? gzipSync(bytes) : bytes);
  writeFileSync(join(folder, `${prefix}-images-idx3-ubyte${ext}`), pack(encodeIdx(imageDims, pixels)));
  writeFileSync(join(folder, `${prefix}-labels-idx1-ubyte${ext}`), pack(encodeIdx(labelDims, labels.subarray(0, labelDims[0]))));
  return folder;
}

function expectTinyPair(path: string): void {
  const data = loadIdx(path);
  expect(data.count).toBe(3);
  expect(data.featureCount).toBe(4);
  // Labels {7, 0, 3} are three classes, in numeric order: 0, 3, 7.
  expect(data.classes).toEqual(['0', '3', '7']);
  expect(Array.from(data.features)).toEqual(Array.from(pixels));
  expect(Array.from(data.labels)).toEqual([2, 0, 1]);
  expect(data.source).toBe(path);
}

describe('loadIdx', () => {
  it('round-trips a written pair from the folder or either file, gzipped or not', () => {
    for (const gzip of [false, true]) {
      const folder = writePair(`pair-${gzip}`, 'train', gzip);
      const ext = gzip ? '.gz' : '';
      expectTinyPair(folder);
      expectTinyPair(join(folder, `train-images-idx3-ubyte${ext}`));
      expectTinyPair(join(folder, `train-labels-idx1-ubyte${ext}`));
    }
  });

  it('a folder with only the t10k pair loads it; with both, the train pair', () => {
    expect(loadIdx(writePair('t10k-only', 't10k', false)).count).toBe(3);
    const both = writePair('both', 't10k', false);
    writeFileSync(join(both, 'train-images-idx3-ubyte'), encodeIdx([1, 2, 2], pixels.subarray(0, 4)));
    writeFileSync(join(both, 'train-labels-idx1-ubyte'), encodeIdx([1], labels.subarray(0, 1)));
    expect(loadIdx(both).count).toBe(1);
  });

  it('swapped files are refused by their magic numbers, naming the file', () => {
    const folder = writePair('swapped', 'train', false);
    const images = join(folder, 'train-images-idx3-ubyte');
    const labelFile = join(folder, 'train-labels-idx1-ubyte');
    expect(() => loadIdxPair(labelFile, images)).toThrow(`${labelFile}: magic 0x00000801 is not an IDX image file (expected 0x00000803`);
    expect(() => loadIdxPair(images, images)).toThrow(`${images}: magic 0x00000803 is not an IDX label file (expected 0x00000801)`);
  });

  it("a label file carrying an image file's magic is refused by its magic, not by the dimensions its labels would make", () => {
    const folder = writePair('label-magic', 'train', false);
    const labelFile = join(folder, 'train-labels-idx1-ubyte');
    // The label bytes after a rank-3 magic read as absurd dimensions: the magic is what is wrong.
    writeFileSync(labelFile, Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 3, 7, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8]));
    expect(() => loadIdx(folder)).toThrow(`${labelFile}: magic 0x00000803 is not an IDX label file (expected 0x00000801)`);
  });

  it('a count mismatch names both files and both counts', () => {
    const folder = writePair('mismatch', 'train', false, [3, 2, 2], [2]);
    expect(() => loadIdx(folder)).toThrow(
      `${join(folder, 'train-labels-idx1-ubyte')}: 2 labels, but ${join(folder, 'train-images-idx3-ubyte')} has 3 images`,
    );
  });

  it('a missing partner, an empty folder, an unnamed file or a missing path is a UserError', () => {
    const lonely = join(root, 'lonely');
    mkdirSync(lonely);
    writeFileSync(join(lonely, 'train-images-idx3-ubyte'), encodeIdx([3, 2, 2], pixels));
    expect(() => loadIdx(lonely)).toThrow(UserError);
    expect(() => loadIdx(lonely)).toThrow(`${lonely}: no IDX pair in this folder`);
    expect(() => loadIdx(join(lonely, 'train-images-idx3-ubyte'))).toThrow('its label file train-labels-idx1-ubyte is missing');
    writeFileSync(join(lonely, 'digits.idx'), encodeIdx([3, 2, 2], pixels));
    expect(() => loadIdx(join(lonely, 'digits.idx'))).toThrow('cannot tell the images from the labels');
    expect(() => loadIdx(join(root, 'nowhere'))).toThrow(`${join(root, 'nowhere')}: no such file or folder`);
  });
});
