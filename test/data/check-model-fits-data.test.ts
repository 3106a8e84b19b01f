// Tests of the model/data width check: one input per feature, one output per class.

import { describe, expect, it } from 'vitest';
import { checkModelFitsData } from '../../src/data/check-model-fits-data.js';
import { parseCsv } from '../../src/data/csv.js';
import { syntheticDigits } from '../../src/data/synthetic-digits.js';
import { UserError } from '../../src/errors.js';

describe('checkModelFitsData', () => {
  const digits = { ...syntheticDigits(20, 0), source: 'digits.csv' };

  it('accepts inputs equal to the features and one output per class', () => {
    expect(() => checkModelFitsData([64, 32, 10], digits)).not.toThrow();
    expect(() => checkModelFitsData([64, 10], digits)).not.toThrow();
  });

  it('names both numbers, and the layers, when the inputs do not fit', () => {
    expect(() => checkModelFitsData([784, 10], digits)).toThrow(UserError);
    expect(() => checkModelFitsData([784, 10], digits)).toThrow('the model takes 784 inputs, but digits.csv has 64 features per row (its layers are 784,10)');
    expect(() => checkModelFitsData([64], digits)).toThrow(UserError);
  });

  it('names the classes when the outputs are not one per class, too few or too many', () => {
    const data = parseCsv('a,b,label\n1,2,setosa\n3,4,virginica\n5,6,versicolor\n', 'iris.csv');
    for (const outputs of [2, 4]) {
      expect(() => checkModelFitsData([2, 8, outputs], data)).toThrow(
        `the model has ${outputs} outputs, but iris.csv has 3 classes (setosa, versicolor, virginica); its last layer needs one output per class (its layers are 2,8,${outputs};`,
      );
    }
    expect(() => checkModelFitsData([2, 3], data)).not.toThrow();
  });
});
