// Tests of prepareData: classes as they come, checked against the test rows; widths around --hidden; what a model keeps of its data.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { prepareData } from '../../src/train/prepare.js';
import { classification, smallConfig } from '../support/config.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-prepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a file in the temporary folder and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A small model left to the data: inputs and outputs from it, one hidden layer of 4. */
const model = { ...smallConfig('').model, layers: [], hidden: [4] };

/** Iris-like rows sorted by class: `per` rows of each of three species, with an id column first. */
function irisLike(per: number): string {
  const lines = ['id,a,b,species'];
  ['setosa', 'versicolor', 'virginica'].forEach((species, c) => {
    for (let i = 0; i < per; i++) lines.push(`${c * per + i},${c + i / per},${c * 2 - i / per},${species}`);
  });
  return lines.join('\n') + '\n';
}

describe('prepareData', () => {
  it('maps text labels to outputs in code-point order and keeps them, with the table layout, in the schema', () => {
    const data = file('iris.csv', irisLike(10));
    const prepared = prepareData(smallConfig(data, { model, ignore: ['id'], target: ['species'], normalize: 'none' }));
    expect(prepared.widths).toEqual([2, 4, 3]);
    expect(prepared.schema).toEqual({ classes: ['setosa', 'versicolor', 'virginica'], table: { columns: 4, target: [3], ignore: [0], names: ['id', 'a', 'b', 'species'] } });
    expect(prepared.train.count + prepared.test.count).toBe(30);
  });

  it('a class only the held-out rows have is an error naming it and a line where it is', () => {
    const data = file('sorted.csv', 'a,b,label\n1,2,x\n3,4,x\n5,6,x\n7,8,y\n9,1,z\n');
    const config = smallConfig(data, { model, shuffle: false, testSplit: 0.2 });
    expect(() => prepareData(config)).toThrow(UserError);
    expect(() => prepareData(config)).toThrow(`class "z" is only in the test rows (${data}:6): no training row has it; give --stratify to keep each class in both, or a smaller --test-split`);
  });

  it('--stratify keeps each class in the training rows and its share in the test rows, from file order too', () => {
    const data = file('sorted-iris.csv', irisLike(10));
    const config = smallConfig(data, { model, ignore: ['id'], shuffle: false, testSplit: 0.2, stratify: true });
    const prepared = prepareData(config);
    const [train, test] = [classification(prepared.train), classification(prepared.test)];
    const shares = (labels: Int32Array): number[] => [0, 1, 2].map((c) => labels.filter((label) => label === c).length);
    expect(shares(test.labels)).toEqual([2, 2, 2]);
    expect(shares(train.labels)).toEqual([8, 8, 8]);
    // Without it, file order holds out the last class alone.
    const plain = prepareData({ ...config, stratify: false });
    expect(shares(classification(plain.test).labels)).toEqual([0, 0, 6]);
  });

  it('one class only is an error naming it', () => {
    const data = file('one.csv', '1,2,7\n3,4,7\n5,6,7\n');
    expect(() => prepareData(smallConfig(data, { model, testSplit: 0 }))).toThrow(`${data}: every training row has the class "7"; a classifier needs two classes or more`);
  });

  it('a --test file is read with the training classes: a class the training rows lack is an error naming it and its line', () => {
    const train = file('train.csv', '1,2,a\n3,4,b\n');
    const test = file('test.csv', '1,2,b\n3,4,c\n');
    expect(() => prepareData(smallConfig(train, { model, test }))).toThrow(`${test}:2:3: class "c" is not one of the classes of the training data ${train} ("a", "b")`);
    const fits = file('fits.csv', '1,2,b\n3,4,a\n5,6,b\n');
    expect(Array.from(classification(prepareData(smallConfig(train, { model, test: fits })).test).labels)).toEqual([1, 0, 1]);
  });

  it('labels {0, 1, 5} are three classes, each label its output in numeric order', () => {
    const data = file('gap.csv', '1,2,0\n3,4,1\n5,6,5\n7,8,5\n9,1,1\n2,3,0\n');
    const prepared = prepareData(smallConfig(data, { model, testSplit: 0, shuffle: false }));
    expect(prepared.widths).toEqual([2, 4, 3]);
    expect(prepared.schema.classes).toEqual(['0', '1', '5']);
    expect(Array.from(classification(prepared.train).labels)).toEqual([0, 1, 2, 2, 1, 0]);
  });

  it('a model\'s stored classes fix the mapping: a label outside them is an error naming it', () => {
    const data = file('known.csv', '1,2,b\n3,4,a\n5,6,c\n');
    const fitted = { normalization: { kind: 'none' as const }, schema: { classes: ['a', 'b', 'c', 'd'], table: null } };
    const prepared = prepareData(smallConfig(data, { model: { ...model, layers: [2, 4, 4] }, testSplit: 0, shuffle: false }), fitted);
    expect(Array.from(classification(prepared.train).labels)).toEqual([1, 0, 2]);
    const narrow = { ...fitted, schema: { classes: ['a', 'b'], table: null } };
    expect(() => prepareData(smallConfig(data, { model: { ...model, layers: [2, 4, 2] }, testSplit: 0 }), narrow)).toThrow(
      `${data}:3:3: class "c" is not one of the model's classes ("a", "b")`,
    );
  });

  it('--layers whose outputs are not one per class name the classes', () => {
    const data = file('three.csv', irisLike(4));
    expect(() => prepareData(smallConfig(data, { model: { ...model, layers: [3, 4, 2] }, testSplit: 0 }))).toThrow(
      'the model has 2 outputs, but',
    );
  });

  it('a validation split that holds out no row is an error; one that leaves a class only in the validation rows names it', () => {
    const data = file('few.csv', '1,2,a\n3,4,b\n5,6,a\n7,8,b\n');
    expect(() => prepareData(smallConfig(data, { model, testSplit: 0, validationSplit: 0.1 }))).toThrow(
      `${data}: a validation split of 0.1 holds out none of the 4 training rows; give a larger share`,
    );
    const rare = file('rare.csv', '1,2,a\n3,4,a\n5,6,a\n7,8,b\n');
    expect(() => prepareData(smallConfig(rare, { model, testSplit: 0, validationSplit: 0.25, shuffle: false }))).toThrow(
      `class "b" is only in the validation rows (${rare}:4): no training row has it; give --stratify to keep each class in both, or a smaller --validation-split`,
    );
  });
});
