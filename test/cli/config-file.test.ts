import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile, repeatedTopLevelKey } from '../../src/cli/config-file.js';
import { fcOptions } from '../support/fc.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-config-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('repeatedTopLevelKey', () => {
  it('finds no repeat in any object JSON.stringify writes, nested objects and odd keys included', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        expect(repeatedTopLevelKey(JSON.stringify(object))).toBeUndefined();
        expect(repeatedTopLevelKey(JSON.stringify(object, null, 2))).toBeUndefined();
      }),
      fcOptions(200),
    );
  });

  it('finds a top-level key given twice, whatever the keys and values around it', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.jsonValue(), fc.jsonValue(), (object, key, a, b) => {
        const rest = JSON.stringify(Object.fromEntries(Object.entries(object).filter(([k]) => k !== key))).slice(1, -1);
        const text = `{${JSON.stringify(key)}: ${JSON.stringify(a)}${rest === '' ? '' : `, ${rest}`}, ${JSON.stringify(key)} : ${JSON.stringify(b)}}`;
        expect(repeatedTopLevelKey(text)).toBe(key);
      }),
      fcOptions(200),
    );
  });

  it('a key repeated inside a nested object is not a repeat at the top', () => {
    expect(repeatedTopLevelKey('{"a": {"x": 1, "x": 2}, "b": [{"a": 1}]}')).toBeUndefined();
  });
});

describe('readConfigFile', () => {
  it('skips a byte order mark before the JSON, as a CSV file may start with one', () => {
    const path = join(dir, 'bom.json');
    writeFileSync(path, '\uFEFF{"epochs": 3}');
    expect(readConfigFile(path, ['epochs'])).toEqual({ epochs: 3 });
  });

  it("relative paths are relative to the config file's folder; absolute paths, 'mnist' and other keys are kept", () => {
    mkdirSync(join(dir, 'sub'));
    const path = join(dir, 'sub', 'paths.json');
    writeFileSync(path, JSON.stringify({ data: 'train.csv', test: 'mnist', save: '/abs/m.safetensors', metrics: '../m.jsonl', layers: '4,3' }));
    expect(readConfigFile(path, ['data', 'test', 'save', 'metrics', 'layers'])).toEqual({
      data: join(dir, 'sub', 'train.csv'),
      test: 'mnist',
      save: '/abs/m.safetensors',
      metrics: join(dir, 'm.jsonl'),
      layers: '4,3',
    });
  });

  it('a FIFO is refused at once as a usage error, not waited on', () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    expect(() => readConfigFile(fifo, [])).toThrow(`--config ${fifo} cannot be read: it is a FIFO, not a regular file`);
  });

  it('refuses a file that gives a flag twice, naming it, as a repeated flag on the command line is', () => {
    const path = join(dir, 'twice.json');
    writeFileSync(path, '{"epochs": 1, "epochs": 2}');
    expect(() => readConfigFile(path, ['epochs'])).toThrow(`--config ${path} gives "epochs" more than once; give it once`);
  });
});
