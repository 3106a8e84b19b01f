// writeOnnx: the file holds exportOnnx's bytes; a path that cannot be written is a UserError and leaves nothing behind.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { type ExportableModel, exportOnnx } from '../../src/export/onnx-model.js';
import { writeOnnx } from '../../src/export/write-onnx.js';

const folder = mkdtempSync(join(tmpdir(), 'einprop-onnx-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const model: ExportableModel = {
  widths: [2, 3],
  activation: 'relu',
  output: 'softmax',
  layers: [{ weight: Float32Array.of(1, 2, 3, 4, 5, 6), bias: Float32Array.of(0.5, 0, -0.5), outputs: 3, inputs: 2 }],
  normalization: { kind: 'max', scale: 4 },
  task: 'classification',
};

describe('writeOnnx', () => {
  it('replaces the file with exportOnnx\'s bytes and returns their count', () => {
    const path = join(folder, 'm.onnx');
    writeFileSync(path, 'old');
    const bytes = exportOnnx(model);
    expect(writeOnnx(path, model)).toBe(bytes.length);
    expect(readFileSync(path).equals(Buffer.from(bytes))).toBe(true);
    expect(readdirSync(folder)).toEqual(['m.onnx']);
  });

  it('a folder that is not there is a UserError naming the path, and nothing is written', () => {
    const path = join(folder, 'missing', 'm.onnx');
    expect(() => writeOnnx(path, model)).toThrow(UserError);
    expect(() => writeOnnx(path, model)).toThrow(path);
    expect(existsSync(join(folder, 'missing'))).toBe(false);
  });

  it('a model that does not fit together writes nothing', () => {
    const path = join(folder, 'bad.onnx');
    expect(() => writeOnnx(path, { ...model, classes: ['a'] })).toThrow(UserError);
    expect(existsSync(path)).toBe(false);
  });
});
