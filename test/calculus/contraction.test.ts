// toContraction: a term as a plain einsum over named operands.

import { describe, expect, test } from 'vitest';
import { type NamedFactor, printContraction, toContraction } from '../../src/calculus/contraction.js';
import { apply, constant, ref, softmax } from '../../src/calculus/expr.js';

describe('toContraction', () => {
  test('names tensors by name and functions of tensors by what they apply, folding constants', () => {
    const factors = new Map<string, NamedFactor>();
    const c = toContraction({ coefficient: 2, factors: [ref('g', 'nj'), apply('tanh', ref('z', 'nj'), true), constant(0.5, '1/n'), ref('a', 'ni')] }, ['j', 'i'], factors);
    expect(c).toEqual({ coefficient: 1, spec: 'nj,nj,ni->ji', operands: ['g', "tanh'(z)", 'a'], broadcast: [] });
    expect([...factors.keys()]).toEqual(["tanh'(z)"]);
    expect(printContraction(c)).toBe("einsum('nj,nj,ni->ji', g, tanh'(z), a)");
  });
  test('reports result indices that no operand carries as broadcast', () => {
    const c = toContraction({ coefficient: -1, factors: [ref('x', 'i')] }, ['i', 'k'], new Map());
    expect(c.broadcast).toEqual(['k']);
    expect(printContraction(c)).toBe("−einsum('i->i', x), broadcast along k");
  });
  test('one softmax read with renamed indices keeps one name; a different one gets another', () => {
    const factors = new Map<string, NamedFactor>();
    const c = toContraction({ coefficient: 1, factors: [softmax(ref('z', 'nj'), 'j'), softmax(ref('z', 'nk'), 'k'), softmax(ref('z', 'nj'), 'n')] }, ['n', 'j', 'k'], factors);
    expect(c.operands).toEqual(['softmax(z)', 'softmax(z)', 'softmax@0(z)']);
    expect(factors.size).toBe(2);
  });
});
