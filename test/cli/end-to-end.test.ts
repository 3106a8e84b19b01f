// The einprop executable end to end on small generated data: train's numbers, resume equality, damaged inputs, exit codes.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readSafetensors, writeSafetensors } from '../../src/checkpoint/safetensors.js';
import { afterAll, describe, expect, it } from 'vitest';
import { digitsCsv, einprop, einpropJson, scratchFolder, tensorBytes } from '../support/built-einprop.js';

const folder = scratchFolder();
afterAll(folder.remove);
const data = digitsCsv(folder.at('digits.csv'), 240);
const small = ['--data', data, '--layers', '64,12,10', '--batch-size', '24', '--lr', '0.01', '--optimizer', 'adam'];

/** train --resume, eval and predict each refuse the checkpoint at `path`: exit 1, one line naming it and starting `why`. */
function expectRefusedEverywhere(path: string, why: string): void {
  for (const args of [
    ['train', '--resume', path, '--threads', '1'],
    ['eval', '--model', path],
    ['predict', '--model', path, '--data', data],
  ]) {
    const run = einprop(args);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^einprop: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${why} .*\\n$`));
  }
}

describe('einprop train, end to end', () => {
  it('--json prints the run’s numbers: test accuracy, loss, epochs, speed, threads and seed', () => {
    const result = einpropJson(['train', ...small, '--epochs', '2', '--threads', '1', '--seed', '3']) as Record<string, unknown>;
    expect(result).toMatchObject({ epochs: 2, threads: 1, seed: 3, layers: [64, 12, 10], train_samples: 192, test_samples: 48 });
    for (const key of ['test_accuracy', 'train_loss', 'samples_per_second']) expect(typeof result[key]).toBe('number');
    expect(result.test_accuracy).toBeGreaterThanOrEqual(0);
    expect(result.test_accuracy).toBeLessThanOrEqual(1);
    expect(result.train_loss).toBeGreaterThan(0);
    expect(result.samples_per_second).toBeGreaterThan(0);
  });

  it('saving after epoch 1 and resuming to epoch 2 gives the weights of a straight 2-epoch run, bit for bit, at 1 and 2 threads', () => {
    const straight: Buffer[] = [];
    for (const threads of ['1', '2']) {
      const full = folder.at(`full-${threads}.safetensors`);
      const part = folder.at(`part-${threads}.safetensors`);
      einpropJson(['train', ...small, '--threads', threads, '--epochs', '2', '--save', full]);
      einpropJson(['train', ...small, '--threads', threads, '--epochs', '1', '--save', part]);
      einpropJson(['train', '--threads', threads, '--epochs', '2', '--resume', part, '--save', part]);
      expect(tensorBytes(part).equals(tensorBytes(full))).toBe(true);
      straight.push(tensorBytes(full));
    }
    // The shards come from the batch size, not the thread count: so do the weights.
    expect(straight[0].equals(straight[1])).toBe(true);
  });

  it('a checkpoint with one flipped byte fails the checksum: exit 1, one line naming the file, for train, eval and predict', () => {
    const good = folder.at('good.safetensors');
    einpropJson(['train', ...small, '--threads', '1', '--epochs', '1', '--save', good]);
    const bytes = readFileSync(good);
    const at = bytes.length - 5;
    bytes[at] ^= 0x01;
    const flipped = folder.at('flipped.safetensors');
    writeFileSync(flipped, bytes);
    expectRefusedEverywhere(flipped, 'checksum mismatch: the tensor data is corrupt');
  });

  it("a checkpoint whose metadata bytes were edited (its epoch) fails to load: exit 1, one line saying so, for train, eval and predict", () => {
    const good = folder.at('good.safetensors');
    if (!existsSync(good)) einpropJson(['train', ...small, '--threads', '1', '--epochs', '1', '--save', good]);
    const text = readFileSync(good).toString('latin1');
    // The metadata are JSON strings in the header: "epoch":"1" becomes "epoch":"0", the header's length kept.
    expect(text).toContain('"epoch":"1"');
    const edited = folder.at('edited.safetensors');
    writeFileSync(edited, Buffer.from(text.replace('"epoch":"1"', '"epoch":"0"'), 'latin1'));
    expectRefusedEverywhere(edited, 'the metadata was changed after einprop wrote it');
  });

  it('a checkpoint the first release wrote (format 1) still evaluates, with one warning that its metadata is unchecked', () => {
    const good = folder.at('good.safetensors');
    if (!existsSync(good)) einpropJson(['train', ...small, '--threads', '1', '--epochs', '1', '--save', good]);
    const file = readSafetensors(good);
    delete file.metadata.metadata_sha256;
    file.metadata.format_version = '1';
    const old = folder.at('format-1.safetensors');
    writeSafetensors(old, file);
    const now = einprop(['eval', '--model', good, '--json']);
    const then = einprop(['eval', '--model', old, '--json']);
    expect(then.status).toBe(0);
    expect((JSON.parse(then.stdout) as { accuracy: number }).accuracy).toBe((JSON.parse(now.stdout) as { accuracy: number }).accuracy);
    expect(then.stderr).toBe(`einprop: warning: ${old} was written by an older einprop (checkpoint format 1): its metadata is not covered by a checksum; saving it again adds one\n`);
  });

  it('a malformed CSV exits 1 with one line naming its line and column', () => {
    const bad = folder.at('bad.csv');
    const lines = readFileSync(data, 'utf8').split('\n');
    lines[2] = lines[2].replace(/^[^,]*,[^,]*,/, (start) => `${start.split(',')[0]},1.2.3,`);
    writeFileSync(bad, lines.join('\n'));
    const run = einprop(['train', '--data', bad, '--threads', '1', '--epochs', '1']);
    expect(run).toEqual({ status: 1, stdout: '', stderr: `einprop: ${bad}:3:2: value "1.2.3" is not a finite number\n` });
  });

  it('an unknown flag exits 2 with one line naming it, for every command', () => {
    const required: Record<string, string[]> = { eval: ['--model', 'm.safetensors'], predict: ['--model', 'm.safetensors', '--data', data] };
    for (const command of ['train', 'eval', 'predict', 'check', 'config']) {
      const run = einprop([command, ...(required[command] ?? []), '--bogus-flag', '1']);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^einprop: unknown flag --bogus-flag \(see einprop \w+ --help\)\n$/);
    }
  });
});
