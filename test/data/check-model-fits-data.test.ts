// Tests of the model/data width check.

import { describe, expect, it } from 'vitest';
import { checkModelFitsData } from '../../src/data/check-model-fits-data.js';
import { parseCsv } from '../../src/data/csv.js';
import { subsetDataset } from '../../src/data/dataset.js';
import { syntheticDigits } from '../../src/data/synthetic-digits.js';
import { UserError } from '../../src/errors.js';

describe('checkModelFitsData', () => {
  const digits = { ...syntheticDigits(20, 0), source: 'digits.csv' };

  it('accepts inputs equal to the features and at least one output per class', () => {
    expect(() => checkModelFitsData([64, 32, 10], digits)).not.toThrow();
    expect(() => checkModelFitsData([64, 12], digits)).not.toThrow();
  });

  it('names both numbers when they do not fit', () => {
    expect(() => checkModelFitsData([784, 10], digits)).toThrow(UserError);
    expect(() => checkModelFitsData([784, 10], digits)).toThrow('the model takes 784 inputs, but digits.csv has 64 features per row');
    const nine = digits.labels.indexOf(9);
    expect(() => checkModelFitsData([64, 9], digits)).toThrow(
      `digits.csv, row ${nine + 1}: label 9 needs 10 outputs, but the model has 9 (its layers are 64,9)`,
    );
    expect(() => checkModelFitsData([64], digits)).toThrow(UserError);
  });

  it('names the line and column of the first label in the CSV too large for the outputs', () => {
    const data = parseCsv('a,b,label\n1,2,0\n\n3,4,3\n5,6,5\n7,8,1\n', 'label5.csv');
    expect(() => checkModelFitsData([2, 4, 2], data)).toThrow('label5.csv:4:3: label 3 needs 4 outputs, but the model has 2 (its layers are 2,4,2)');
    expect(() => checkModelFitsData([2, 4], data)).toThrow('label5.csv:5:3: label 5 needs 6 outputs, but the model has 4 (its layers are 2,4)');
    expect(() => checkModelFitsData([2, 6], data)).not.toThrow();
  });

  it('a part of a split whose own labels all fit gets the class count message', () => {
    const data = parseCsv('1,2,0\n3,4,5\n', 'p.csv');
    expect(() => checkModelFitsData([2, 2], subsetDataset(data, [0]))).toThrow('the model has 2 outputs, but p.csv has 6 classes (labels 0..5)');
  });

  it('a CSV one feature short of the inputs is told that its last column is the label', () => {
    const data = parseCsv('1,2,3\n4,5,6\n', 'nolab.csv');
    expect(() => checkModelFitsData([3, 2], data)).toThrow(
      'the model takes 3 inputs, but nolab.csv has 2 features per row (its last column is read as the label, so a file without a label column looks one feature short)',
    );
    expect(() => checkModelFitsData([4, 2], data)).toThrow(/^the model takes 4 inputs, but nolab\.csv has 2 features per row$/);
    expect(() => checkModelFitsData([65, 10], digits)).toThrow(/^the model takes 65 inputs, but digits\.csv has 64 features per row$/);
  });
});
