// parseEquation: typed index equations, Einstein-style summation, and errors that name the position.

import { describe, expect, test } from 'vitest';
import { freeIndices } from '../../src/calculus/expr.js';
import { maxNesting, maxSoftmaxNesting, parseEquation } from '../../src/calculus/parse.js';
import { printIndex } from '../../src/calculus/print-index.js';
import { UserError } from '../../src/errors.js';

describe('parseEquation', () => {
  test('reads the batched dense layer, summing the index that is not on the left', () => {
    const eq = parseEquation('z[n,j] = W[j,i] a[n,i] + b[j]');
    expect(eq.name).toBe('z');
    expect(eq.indices).toEqual(['n', 'j']);
    expect(freeIndices(eq.expr)).toEqual(['n', 'j']);
    expect(printIndex(eq.expr)).toBe('Σ_i W[j,i] a[n,i] + b[j]');
  });
  test('reads functions, softmax along an index, deltas, numbers, minus and parentheses', () => {
    expect(printIndex(parseEquation('h[j] = σ(W[ji] x[i])').expr)).toBe('σ(Σ_i W[j,i] x[i])');
    expect(printIndex(parseEquation('s[n,j] = softmax_j(z[n,j])').expr)).toBe('softmax_j(z[n,j])');
    expect(printIndex(parseEquation('C = 0.5 (a[j] − y[j]) * (a[j] - y[j])').expr)).toBe('Σ_j 0.5 (a[j] − y[j]) (a[j] − y[j])');
    expect(printIndex(parseEquation('C = σ(x[i]) y[i]').expr)).toBe('Σ_i σ(x[i]) y[i]');
    expect(printIndex(parseEquation('C = σ(x[i])').expr)).toBe('Σ_i σ(x[i])');
    expect(printIndex(parseEquation('x[i] = δ[i,k] v[k] - leaky-relu(v[i])').expr)).toBe('Σ_k δ[i,k] v[k] − lrelu(v[i])');
    expect(printIndex(parseEquation('C = -y[j] log(a[j])').expr)).toBe('−Σ_j y[j] log(a[j])');
  });
  test.each([
    ['z[n,j] = W[j,i a[n,i]', /expected an index letter or '\]' but found '\[' at position 17/],
    ['z[n,j] W[j,i]', /expected '=' but found 'W' at position 8/],
    ['z[j] = W[j,i] +', /expected a tensor, a number, a function or \( at position 16/],
    ['z[n,j] = W[j,i] a[i]', /index n of z appears nowhere on the right at position 1/],
    ['z[j] = foo(x[j])', /unknown function 'foo' at position 8/],
    ['s[j] = softmax_k(z[j])', /softmax along k, but its argument has no free index k \(position 8\)/],
    ['z[j] = z[j] + 1', /z is defined in terms of itself/],
    ['z[j] = x[j])', /unexpected '\)' at position 12/],
    ['z[n,n] = a[n]', /index n of z is repeated on the left at position 5/],
    ['z[i,j,i] = a[i] b[j]', /index i of z is repeated on the left at position 7/],
    ['z[i] = a[i] + a[i,i]', /a is read with 1 index at position 8, then with 2 indices at position 15/],
    ['C = W[i,j] x[j] W', /W is read with 2 indices at position 5, then with 0 indices at position 17/],
    ['z[i] = W[i,,j] x[j]', /expected an index letter after ',' but found ',' at position 12/],
    ['z[i] = W[i,] x[j]', /expected an index letter after ',' but found '\]' at position 12/],
    ['z[i] = W[,i] x[i]', /expected an index letter or '\]' but found ',' at position 10/],
    ['z = 1e999', /number 1e999 is too large at position 5/],
  ])('%s is a user error naming the position', (text, message) => {
    expect(() => parseEquation(text)).toThrow(UserError);
    expect(() => parseEquation(text)).toThrow(message);
  });
  test('rejects parentheses nested deeper than maxNesting at the first one too many, without overflowing the stack', () => {
    const nested = (depth: number, open = '('): string => `z[i] = ${open.repeat(depth)}a[i]${')'.repeat(depth)}`;
    expect(printIndex(parseEquation(nested(maxNesting)).expr)).toBe('a[i]');
    expect(printIndex(parseEquation(nested(maxNesting, 'σ(')).expr)).toMatch(/^σ\(σ\(/);
    const limit = `parentheses nest more than ${maxNesting} deep at position ${'z[i] = '.length + maxNesting + 1}`;
    expect(() => parseEquation(nested(maxNesting + 1))).toThrow(limit);
    expect(() => parseEquation(nested(20_000))).toThrow(UserError);
    expect(() => parseEquation(nested(20_000))).toThrow(limit);
  });
  test('rejects softmax nested deeper than maxSoftmaxNesting, at the one too many', () => {
    const nested = (depth: number): string => `z[i] = ${'softmax_i(a[i] + '.repeat(depth)}a[i]${')'.repeat(depth)}`;
    expect(() => parseEquation(nested(maxSoftmaxNesting))).not.toThrow();
    const at = 'z[i] = '.length + maxSoftmaxNesting * 'softmax_i(a[i] + '.length + 1;
    expect(() => parseEquation(nested(maxSoftmaxNesting + 1))).toThrow(`softmax nests more than ${maxSoftmaxNesting} deep at position ${at}`);
  });

  test('quotes only the start of a long expression, so that the error stays readable', () => {
    const long = `z[i] = ${'a[i] '.repeat(1000)})`;
    expect(() => parseEquation(long)).toThrow(/^expression "z\[i\] = a\[i\] [^"]{60,80}…": unexpected '\)' at position 5008$/);
  });
});
