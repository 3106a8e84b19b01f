// The rule table: each elementwise derivative against its value, and wrong rules that the properties catch.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Expr, apply, dependsOn, freeIndices, product, ref, softmax, sum } from '../../src/calculus/expr.js';
import { ELEMENTWISE_NAMES } from '../../src/ops/elementwise.js';
import { type RuleTable, elementwise, rules } from '../../src/calculus/rules.js';
import { leakySlope } from '../../src/ops/leaky-relu.js';
import { sigmoid } from '../../src/ops/sigmoid.js';
import { fcOptions } from '../support/fc.js';
import { matchesFiniteDifferences } from './oracle.js';

describe('the elementwise entries of the rule table', () => {
  for (const fn of ELEMENTWISE_NAMES) {
    test(`${fn}'(x) equals the central difference of ${fn}(x)`, () => {
      const rule = rules[fn];
      const h = 6e-6;
      const min = fn === 'log' ? 0.05 : -8;
      fc.assert(
        fc.property(fc.double({ min, max: 8, noNaN: true }), (x) => {
          fc.pre(Math.abs(x) > 1e-3);
          const difference = (rule.value(x + h) - rule.value(x - h)) / (2 * h);
          expect(Math.abs(rule.derivative(x) - difference)).toBeLessThanOrEqual(1e-5 + 1e-3 * Math.abs(difference));
        }),
        fcOptions(200),
      );
    });
  }
  test('the table and its rules are frozen: no program can change how every later derivation runs', () => {
    expect(Object.isFrozen(rules)).toBe(true);
    for (const rule of Object.values(rules)) expect(Object.isFrozen(rule)).toBe(true);
  });

  test('leaky relu has slope 0.01 below zero and relu has slope 0 there', () => {
    expect(leakySlope).toBe(0.01);
    expect(rules['leaky-relu'].value(-2)).toBe(-0.02);
    expect(rules['leaky-relu'].derivative(-2)).toBe(0.01);
    expect(rules.relu.derivative(-2)).toBe(0);
    expect(rules.relu.derivative(2)).toBe(1);
  });
});

/** A wrong rule, and a property of the suite that it must break. */
interface Mutation {
  readonly name: string;
  readonly table: RuleTable;
  readonly expr: Expr;
  readonly wrt: string;
  readonly layout: Readonly<Record<string, string>>;
}

const mutations: Mutation[] = [
  {
    name: "σ'(x) = σ(x) instead of σ(x)(1 − σ(x))",
    table: { ...rules, sigmoid: elementwise('σ', sigmoid.value, sigmoid.value) },
    expr: apply('sigmoid', ref('z', 'i')),
    wrt: 'z',
    layout: { z: 'i' },
  },
  {
    name: 'a product rule that differentiates only the first factor that depends on the variable',
    table: {
      ...rules,
      product: {
        derive(node, ctx) {
          const p = node.factors.findIndex((f) => dependsOn(f, ctx.wrt.name));
          return product(
            node.factors.map((f, q) => (q === p ? ctx.derive(f) : f)),
            [...node.out, ...ctx.wrt.indices],
          );
        },
      },
    },
    expr: product([ref('x', 'i'), ref('A', 'ij'), ref('x', 'j')], ''),
    wrt: 'x',
    layout: { x: 'i', A: 'ii' },
  },
  {
    name: "a tensor rule that pairs the variable's axes in reverse (∂W[j,i]/∂W[k,l] = δ[j,l] δ[i,k])",
    table: {
      ...rules,
      tensor: {
        derive(node, ctx) {
          const reversed = { ...ctx, wrt: { ...ctx.wrt, indices: [...ctx.wrt.indices].reverse() } };
          const d = rules.tensor.derive(node, reversed);
          return d.kind === 'product' ? { ...d, out: [...d.out.slice(0, d.out.length - ctx.wrt.indices.length), ...ctx.wrt.indices] } : d;
        },
      },
    },
    expr: sum([product([ref('W', 'ji'), ref('a', 'i')], 'j'), ref('b', 'j')], 'j'),
    wrt: 'W',
    layout: { W: 'ji', a: 'i', b: 'j' },
  },
  {
    name: 'a softmax rule without the −s[i] s[k] term',
    table: {
      ...rules,
      softmax: {
        derive: (node, ctx) => product([node, ctx.derive(node.arg)], [...freeIndices(node), ...ctx.wrt.indices]),
      },
    },
    expr: softmax(ref('z', 'i'), 'i'),
    wrt: 'z',
    layout: { z: 'i' },
  },
];

describe('a deliberately wrong rule makes the finite-difference properties fail', () => {
  for (const m of mutations) {
    test(`the Jacobian check fails with ${m.name}`, () => {
      expect(() => fc.assert(matchesFiniteDifferences(m.expr, m.wrt, m.layout), fcOptions(100))).not.toThrow();
      const result = fc.check(matchesFiniteDifferences(m.expr, m.wrt, m.layout, {}, m.table), fcOptions(100));
      expect(result.failed).toBe(true);
    });
  }
});
