// The weights that fixed runs train, pinned by their SHA-256: a refactoring of the engine must not move one bit.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { digitsCsv, einprop, scratchFolder } from '../support/built-einprop.js';

const folder = scratchFolder();
afterAll(() => folder.remove());

/**
 * SHA-256 of the `layers.*` tensors' bytes of a safetensors file, in ascending order of name, read
 * with the format's own rules (an 8-byte header length, a JSON header, offsets into the byte buffer)
 * rather than einprop's reader, so that the pin does not depend on the code it pins.
 */
function layerHash(path: string): string {
  const bytes = readFileSync(path);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { data_offsets?: [number, number] }>;
  const start = 8 + headerLength;
  const hash = createHash('sha256');
  for (const name of Object.keys(header).filter((key) => key.startsWith('layers.')).sort()) {
    const [begin, end] = header[name].data_offsets!;
    hash.update(bytes.subarray(start + begin, start + end));
  }
  return hash.digest('hex');
}

/** Trains `einprop train ...args --threads N --save …` and returns the hash of the layers it saved. */
function trainedHash(args: readonly string[], threads: number): string {
  const save = folder.at(`pinned-${threads}-${Math.random().toString(36).slice(2)}.safetensors`);
  const run = einprop(['train', ...args, '--threads', String(threads), '--save', save, '--quiet']);
  if (run.status !== 0) throw new Error(`einprop train ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return layerHash(save);
}

const THREADS = [1, 2, 4];

describe('pinned weights: the same seed and configuration train the same bits, release after release, at 1, 2 and 4 threads', () => {
  it('the default run (784-256-128-10 on MNIST, Adam)', () => {
    for (const threads of THREADS) expect(trainedHash([], threads)).toBe('3670cdc00add2f23a1660b348a46067f4df5abdeaa9aa81f82cca3df97ebe740');
  }, 240_000);

  it('momentum with tanh: --optimizer momentum --lr 0.05 --batch-size 128 --layers 784,100,10 --activation tanh', () => {
    const args = ['--optimizer', 'momentum', '--lr', '0.05', '--batch-size', '128', '--layers', '784,100,10', '--activation', 'tanh'];
    for (const threads of THREADS) expect(trainedHash(args, threads)).toBe('734ed07540f70fdf3292244e3a2da7a0140d9b53e20e5bdaf303c0ac8a1cccbf');
  }, 240_000);

  it("the blog's setup with --normalize max, on generated digits-format data", () => {
    const data = digitsCsv(folder.at('digits.csv'), 1797, 11);
    const args = [
      '--data', data, '--layers', '64,16,10', '--activation', 'leaky-relu', '--output', 'leaky-relu', '--loss', 'sse', '--init', 'uniform-fanout',
      '--optimizer', 'sgd', '--lr', '0.01', '--batch-size', '1', '--no-shuffle', '--epochs', '10', '--normalize', 'max',
    ];
    for (const threads of THREADS) expect(trainedHash(args, threads)).toBe('3d1284f25408b652167730c1e87ef96f6b59d4d966732ff49cf71c6320c8a7e5');
  }, 240_000);
});
