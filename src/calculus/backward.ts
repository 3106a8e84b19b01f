// The reverse-mode step of an expression: the upstream gradient contracted with the Jacobian, deltas gone.

import { UserError } from '../errors.js';
import { type Expr, allIndices, freeIndices, product, ref, tensorsOf } from './expr.js';
import { type Contraction, type NamedFactor, toContraction } from './contraction.js';
import { derive } from './derive.js';
import { IndexNames } from './index-names.js';
import { type Polynomial, type Term, renameAtom, termIndices } from './polynomial.js';
import { type RuleTable, rules as defaultRules } from './rules.js';
import { fromPolynomial, simplifyToPolynomial } from './simplify.js';

/** Options of `backward`. */
export interface BackwardOptions {
  /** The name of the upstream gradient Ḡ = ∂L/∂expr, which carries the expression's free indices ('g'). */
  readonly upstream?: string;
  readonly rules?: RuleTable;
}

/** ∂L/∂wrt as a sum of einsums over named operands. */
export interface Backward {
  readonly wrt: string;
  readonly upstream: string;
  /** The result's indices, named after the variable's own indices in the expression where possible. */
  readonly indices: readonly string[];
  /** ∂L/∂wrt is the sum of these contractions (one for a dense layer; none when it is zero). */
  readonly terms: readonly Contraction[];
  /** The operands that are functions of tensors (σ'(z), softmax), by the names the terms use. */
  readonly factors: readonly NamedFactor[];
  /** The same gradient as an index expression. */
  readonly gradient: Expr;
}

/**
 * Ḡ[out] ∂expr[out]/∂wrt[k…], summed over out and simplified. For `C = A *_(s1,s2,s3) B` this is
 * docs/MATH.md's reverse rule ∂L/∂A = Ḡ *_(s3,s2,s1) B, derived here from the forward expression.
 */
export function backward(expr: Expr, wrt: string, options: BackwardOptions = {}): Backward {
  const upstream = options.upstream ?? 'g';
  if (tensorsOf(expr).has(upstream)) {
    throw new UserError(`backward: the upstream gradient's name '${upstream}' is already a tensor of the expression`);
  }
  const names = new IndexNames(allIndices(expr));
  const out = freeIndices(expr);
  const jacobian = derive(expr, wrt, { rules: options.rules ?? defaultRules, names });
  const variableIndices = freeIndices(jacobian).slice(out.length);
  const contracted = product([ref(upstream, out), jacobian], variableIndices);
  const simplified = readable(simplifyToPolynomial(contracted, names), ownIndices(expr, wrt), names);
  const factors = new Map<string, NamedFactor>();
  const terms = simplified.terms.map((t) => toContraction(t, simplified.out, factors));
  return { wrt, upstream, indices: simplified.out, terms, factors: [...factors.values()], gradient: fromPolynomial(simplified) };
}

/** The index names the variable is first read with, when they are distinct: W[j,i] gives [j,i]. */
function ownIndices(expr: Expr, wrt: string): readonly string[] | undefined {
  const first = tensorsOf(expr).get(wrt)?.[0].indices;
  return first !== undefined && new Set(first).size === first.length ? first : undefined;
}

/** Renames the result's fresh indices to `target`, moving summed indices out of the way first. */
function readable(p: Polynomial, target: readonly string[] | undefined, names: IndexNames): Polynomial {
  if (target === undefined || target.length !== p.out.length) return p;
  const toTarget = new Map(p.out.map((i, axis) => [i, target[axis]]));
  const terms = p.terms.map((t): Term => {
    const clear = new Map<string, string>();
    for (const i of termIndices(t)) {
      if (!p.out.includes(i) && target.includes(i)) clear.set(i, names.fresh());
    }
    const cleared = t.factors.map((f) => renameAtom(f, clear, names));
    return { coefficient: t.coefficient, factors: cleared.map((f) => renameAtom(f, toTarget, names)) };
  });
  return { out: [...target], terms };
}
