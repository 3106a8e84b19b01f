// Tests of the model/data width check.

import { describe, expect, it } from 'vitest';
import { checkModelFitsData } from '../../src/data/check-model-fits-data.js';
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
    expect(() => checkModelFitsData([64, 9], digits)).toThrow('the model has 9 outputs, but digits.csv has 10 classes (labels 0..9)');
    expect(() => checkModelFitsData([64], digits)).toThrow(UserError);
  });
});
