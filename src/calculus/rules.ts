// The derivative rule of every primitive, in one closed table keyed by the primitive's name.

import { ELEMENTWISE_NAMES, elementwiseFunction } from '../ops/elementwise.js';
import {
  type ElementwiseName,
  type Elementwise,
  type Expr,
  apply,
  constant,
  delta,
  dependsOn,
  freeIndices,
  product,
  sum,
  zero,
} from './expr.js';
import type { IndexNames } from './index-names.js';
import { rename } from './rename.js';

/** The primitives: the structural node kinds and each elementwise function by name. */
export type OpName = 'tensor' | 'delta' | 'const' | 'product' | 'sum' | 'softmax' | ElementwiseName;

/** The node a primitive's rule applies to. */
export type NodeOf<K extends OpName> = K extends ElementwiseName ? Elementwise : Extract<Expr, { kind: K }>;

/** The variable a derivative is taken by: a tensor's name and the fresh indices its Jacobian axes get. */
export interface Variable {
  readonly name: string;
  readonly indices: readonly string[];
}

/** What a rule may use: the variable, a supply of fresh indices, and the derivative of a subexpression. */
export interface DeriveContext {
  readonly wrt: Variable;
  readonly names: IndexNames;
  /** ∂e/∂wrt, free indices those of `e` followed by `wrt.indices`. */
  derive(e: Expr): Expr;
}

/** A structural rule: ∂node/∂wrt, with the node's free indices first, then the variable's. */
export interface StructuralRule<N> {
  derive(node: N, ctx: DeriveContext): Expr;
}

/** An elementwise function: its printed symbol, value and derivative (for numbers), and its chain rule. */
export interface ElementwiseRule extends StructuralRule<Elementwise> {
  readonly symbol: string;
  value(x: number): number;
  derivative(x: number): number;
}

/** The rule of primitive `K`. */
export type Rule<K extends OpName> = K extends ElementwiseName ? ElementwiseRule : StructuralRule<NodeOf<K>>;

/** One rule per primitive: a primitive without a rule does not compile. */
export type RuleTable = { readonly [K in OpName]: Rule<K> };

/**
 * The rules einprop derives with, frozen: a program that changed one would change every later
 * derivation and evaluation in the process. Tests pass altered copies to show that the checks can fail.
 */
export const rules: RuleTable = frozen({
  tensor: {
    // ∂X[i,j]/∂X[k,l] = δ[i,k] δ[j,l]: one delta per axis.
    derive(node, { wrt }) {
      const out = [...freeIndices(node), ...wrt.indices];
      if (node.name !== wrt.name) return zero(out);
      if (node.indices.length !== wrt.indices.length) {
        throw new Error(`${wrt.name} is read with ${node.indices.length} indices here but has ${wrt.indices.length} axes elsewhere`);
      }
      return product(
        node.indices.map((i, axis) => delta(i, wrt.indices[axis])),
        out,
      );
    },
  },
  delta: { derive: (node, { wrt }) => zero([...freeIndices(node), ...wrt.indices]) },
  const: { derive: (_node, { wrt }) => zero(wrt.indices) },
  // Product rule: one term per factor that depends on the variable, that factor replaced by its derivative.
  product: {
    derive(node, ctx) {
      const out = [...node.out, ...ctx.wrt.indices];
      const terms: Expr[] = [];
      node.factors.forEach((f, p) => {
        if (!dependsOn(f, ctx.wrt.name)) return;
        terms.push(product(node.factors.map((g, q) => (q === p ? ctx.derive(g) : g)), out));
      });
      return terms.length === 1 ? terms[0] : sum(terms, out);
    },
  },
  sum: {
    derive(node, ctx) {
      const out = [...node.out, ...ctx.wrt.indices];
      const terms = node.terms.filter((t) => dependsOn(t, ctx.wrt.name)).map((t) => ctx.derive(t));
      if (terms.length !== 1) return sum(terms, out);
      return freeIndices(terms[0]).join() === out.join() ? terms[0] : product(terms, out);
    },
  },
  // NOTE: ∂s[i]/∂x = s[i] (∂x[i] − Σ_b s[b] ∂x[b]): the sum runs over a fresh copy b of the softmax axis.
  softmax: {
    derive(node, ctx) {
      const out = [...freeIndices(node), ...ctx.wrt.indices];
      const dx = ctx.derive(node.arg);
      const copy = new Map([[node.axis, ctx.names.fresh()]]);
      const sCopy = rename(node, copy, ctx.names);
      const dxCopy = rename(dx, copy, ctx.names);
      return sum([product([node, dx], out), product([constant(-1), node, sCopy, dxCopy], out)], out);
    },
  },
  ...elementwiseRules(),
});

/** The chain rule of every elementwise function, from the symbol, value and derivative of its record (src/ops). */
function elementwiseRules(): { readonly [K in ElementwiseName]: ElementwiseRule } {
  const entries = ELEMENTWISE_NAMES.map((name) => {
    const f = elementwiseFunction(name);
    return [name, elementwise(f.symbol, f.value, f.derivative)] as const;
  });
  // One entry per name of ELEMENTWISE_NAMES, which lists every ElementwiseName.
  return Object.fromEntries(entries) as { readonly [K in ElementwiseName]: ElementwiseRule };
}

/** The table and each of its rules, frozen. */
function frozen(table: RuleTable): RuleTable {
  for (const rule of Object.values(table)) Object.freeze(rule);
  return Object.freeze(table);
}

/** An elementwise rule from its symbol, value and derivative; its chain rule is ∂f(x) = f'(x) ∂x. */
export function elementwise(symbol: string, value: (x: number) => number, derivative: (x: number) => number): ElementwiseRule {
  return {
    symbol,
    value,
    derivative,
    derive(node, ctx) {
      if (node.prime) throw new Error(`second derivatives are not supported: cannot derive ${symbol}'`);
      return product([apply(node.fn, node.arg, true), ctx.derive(node.arg)], [...freeIndices(node), ...ctx.wrt.indices]);
    },
  };
}
