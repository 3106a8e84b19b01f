// The normal form of an expression: a sum of terms, each a coefficient times a flat product of atoms.

import { type Constant, type Delta, type Elementwise, type Expr, type Product, type Softmax, type TensorRef, delta, freeIndices, unique } from './expr.js';
import { UserError } from '../errors.js';
import type { IndexNames } from './index-names.js';
import { rename } from './rename.js';

/** A factor of a term: a tensor, a delta, a symbolic constant, or an elementwise function or softmax (opaque). */
export type Atom = TensorRef | Delta | Constant | Elementwise | Softmax;

/** coefficient · Π factors, summed over every index of the factors that is not among the polynomial's `out`. */
export interface Term {
  readonly coefficient: number;
  readonly factors: readonly Atom[];
}

/** A sum of terms with the free indices `out`; a term is constant along the indices of `out` it lacks. */
export interface Polynomial {
  readonly out: readonly string[];
  readonly terms: readonly Term[];
}

/** Multiplies out every product of sums and flattens nested products (deltas and opaque atoms kept). */
export function expand(e: Expr, names: IndexNames): Polynomial {
  switch (e.kind) {
    case 'tensor':
    case 'delta':
    case 'map':
    case 'softmax':
      return { out: freeIndices(e), terms: [{ coefficient: 1, factors: [e] }] };
    case 'const':
      if (e.symbol !== undefined) return { out: [], terms: [{ coefficient: 1, factors: [e] }] };
      return { out: [], terms: e.value === 0 ? [] : [{ coefficient: e.value, factors: [] }] };
    case 'sum':
      return { out: [...e.out], terms: e.terms.flatMap((t) => expandTerm(t, e.out, names)) };
    case 'product':
      return expandProduct(e, names);
  }
}

/** The indices a term's factors carry, in order of first appearance. */
export function termIndices(term: Term): string[] {
  return unique(term.factors.flatMap(freeIndices));
}

/**
 * The most terms multiplying out may make. A product of n sums of two has 2^n terms: a
 * 200-character equation could otherwise take minutes and gigabytes before it printed anything.
 */
export const MAX_TERMS = 4096;

function expandProduct(p: Product, names: IndexNames): Polynomial {
  const scope = new Set([...p.out, ...p.factors.flatMap(freeIndices)]);
  let terms: Term[] = [{ coefficient: 1, factors: [] }];
  for (const factor of p.factors) {
    const part = expand(factor, names);
    if (terms.length * part.terms.length > MAX_TERMS) {
      throw new UserError(`the expression multiplies out to more than ${MAX_TERMS.toLocaleString('en-US')} terms; derive a smaller one`, 2);
    }
    const next: Term[] = [];
    for (const t of terms) {
      for (const u of part.terms) next.push(multiply(t, u, part.out, scope, names));
    }
    terms = next;
  }
  const bound = [...scope].filter((i) => !p.out.includes(i));
  return { out: [...p.out], terms: terms.map((t) => keepSummedRanges(t, bound)) };
}

/** The terms of one term of a sum, their summed indices renamed where they would clash with the sum's indices. */
function expandTerm(t: Expr, sumOut: readonly string[], names: IndexNames): Term[] {
  const part = expand(t, names);
  return part.terms.map((u) => multiply({ coefficient: 1, factors: [] }, u, part.out, new Set(sumOut), names));
}

/** t · u, renaming the indices u sums over internally where they would clash with the product's. */
function multiply(t: Term, u: Term, uOut: readonly string[], scope: ReadonlySet<string>, names: IndexNames): Term {
  const taken = new Set([...scope, ...termIndices(t)]);
  const avoid = new Set([...taken, ...termIndices(u)]);
  const clash = new Map<string, string>();
  for (const i of termIndices(u)) {
    if (uOut.includes(i) || !taken.has(i)) continue;
    const to = names.local(avoid);
    avoid.add(to);
    clash.set(i, to);
  }
  const factors = clash.size === 0 ? u.factors : u.factors.map((f) => renameAtom(f, clash, names));
  return { coefficient: t.coefficient * u.coefficient, factors: [...t.factors, ...factors] };
}

/**
 * NOTE: Σ_n over a term that lacks n multiplies it by the size of n. Flattening would lose that
 * sum, so the term keeps a trace δ[n,n] (which sums to the size of n).
 */
function keepSummedRanges(t: Term, bound: readonly string[]): Term {
  const present = new Set(termIndices(t));
  const missing = bound.filter((i) => !present.has(i));
  return missing.length === 0 ? t : { ...t, factors: [...t.factors, ...missing.map((i) => delta(i, i))] };
}

/** Renames an atom's free indices; an atom stays an atom. */
export function renameAtom(a: Atom, mapping: ReadonlyMap<string, string>, names: IndexNames): Atom {
  const renamed = rename(a, mapping, names);
  if (renamed.kind === 'product' || renamed.kind === 'sum') throw new Error('renaming turned an atom into a compound expression');
  return renamed;
}
