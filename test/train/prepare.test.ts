// Tests of prepareData's checks: a label too large for the model is named where it is in its file.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { prepareData } from '../../src/train/prepare.js';
import { smallConfig } from '../support/config.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-prepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a CSV file in the temporary folder and returns its path. */
function csv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const model = { ...smallConfig('').model, layers: [2, 4, 2] };

describe('prepareData', () => {
  it('names the first line, in file order, whose label needs more outputs than the model has, whatever the split', () => {
    const data = csv('label5.csv', 'x,y,label\n1,2,0\n3,4,1\n\n5,6,5\n7,8,0\n9,1,7\n2,3,1\n4,5,0\n6,7,1\n');
    for (const seed of [1, 2, 3, 4]) {
      const config = smallConfig(data, { model, seed, testSplit: 0.5 });
      expect(() => prepareData(config)).toThrow(UserError);
      expect(() => prepareData(config)).toThrow(`${data}:5:3: label 5 needs 6 outputs, but the model has 2 (its layers are 2,4,2)`);
    }
  });

  it('names the --test file, not the training file, when the label too large is in the test file', () => {
    const train = csv('train.csv', '1,2,0\n3,4,1\n');
    const test = csv('test.csv', '1,2,1\n3,4,2\n');
    expect(() => prepareData(smallConfig(train, { model, test }))).toThrow(`${test}:2:3: label 2 needs 3 outputs, but the model has 2 (its layers are 2,4,2)`);
  });
});
