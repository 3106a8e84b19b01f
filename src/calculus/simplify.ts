// Simplification: multiply out, contract deltas away by renaming, fold constants, merge like terms.

import { type Expr, allIndices, constant, delta, freeIndices, product, sum, zero } from './expr.js';
import { IndexNames } from './index-names.js';
import { type Atom, type Polynomial, type Term, expand, renameAtom, termIndices } from './polynomial.js';
import { printIndex } from './print-index.js';
import { mergesSoftmaxAxis } from './rename.js';

/**
 * The expression with every removable delta gone: δ[i,k] x[k] = x[i] when k is summed,
 * δ[i,j] A[i,j] = A[i,i] (a diagonal), δ[i,j] δ[j,k] = δ[i,k]. Free indices and their order are kept.
 */
export function simplify(e: Expr, names?: IndexNames): Expr {
  return fromPolynomial(simplifyToPolynomial(e, names));
}

/** `simplify`, returning the sum of terms itself. */
export function simplifyToPolynomial(e: Expr, names?: IndexNames): Polynomial {
  const supply = names ?? new IndexNames([]);
  supply.reserve(allIndices(e));
  const p = expand(e, supply);
  const terms = p.terms.map((t) => simplifyInside(eliminateDeltas(t, p.out, supply), supply));
  return { out: p.out, terms: mergeLikeTerms(terms, p.out) };
}

/** The expression a polynomial stands for: a product per term, their sum, or zero. */
export function fromPolynomial(p: Polynomial): Expr {
  if (p.terms.length === 1 && p.terms[0].coefficient === 1 && p.terms[0].factors.length === 1) {
    const only = p.terms[0].factors[0];
    if (freeIndices(only).join() === p.out.join()) return only;
  }
  const products = p.terms.map((t) => product(t.coefficient === 1 ? t.factors : [constant(t.coefficient), ...t.factors], p.out));
  if (products.length === 0) return zero(p.out);
  return products.length === 1 ? products[0] : sum(products, p.out);
}

function simplifyInside(t: Term, names: IndexNames): Term {
  const factors = t.factors.map((f): Atom => (f.kind === 'map' || f.kind === 'softmax' ? { ...f, arg: simplify(f.arg, names) } : f));
  return { coefficient: t.coefficient, factors };
}

/** Removes deltas one at a time until none can go: a summed index of a delta is renamed to the other. */
function eliminateDeltas(t: Term, out: readonly string[], names: IndexNames): Term {
  let factors = t.factors;
  for (let p = 0; p < factors.length; p++) {
    const f = factors[p];
    if (f.kind !== 'delta') continue;
    const others = [...factors.slice(0, p), ...factors.slice(p + 1)];
    const [a, b] = f.indices;
    let next: readonly Atom[] | undefined;
    if (a === b) {
      // δ[i,i] is 1 unless i is summed and appears nowhere else: then it counts the range of i.
      const used = out.includes(a) || termIndices({ coefficient: 1, factors: others }).includes(a);
      if (used) next = others;
    } else if (!out.includes(a) || !out.includes(b)) {
      const [from, to] = out.includes(b) ? [a, b] : [b, a];
      if (others.some((g) => mergesSoftmaxAxis(g, from, to))) continue;
      const mapping = new Map([[from, to]]);
      next = others.map((g) => renameAtom(g, mapping, names));
      // Σ_{i,k} δ[i,k] is the size of k: keep its trace when nothing else carries the summed k.
      if (!out.includes(to) && !termIndices({ coefficient: 1, factors: next }).includes(to)) next = [...next, delta(to, to)];
    }
    if (next !== undefined) {
      factors = next;
      p = -1;
    }
  }
  return { coefficient: t.coefficient, factors };
}

/** Adds up terms that are equal up to the order of factors and the names of summed indices. */
function mergeLikeTerms(terms: readonly Term[], out: readonly string[]): Term[] {
  const merged = new Map<string, Term>();
  for (const t of terms) {
    if (t.coefficient === 0) continue;
    const key = canonicalKey(t, out);
    const seen = merged.get(key);
    merged.set(key, seen === undefined ? t : { coefficient: seen.coefficient + t.coefficient, factors: seen.factors });
  }
  return [...merged.values()].filter((t) => t.coefficient !== 0);
}

/** The factors printed in a fixed order, with summed indices renamed #0, #1, … in order of first appearance. */
function canonicalKey(t: Term, out: readonly string[]): string {
  const summed = termIndices(t).filter((i) => !out.includes(i));
  const scratch = new IndexNames(termIndices(t));
  const blank = new Map(summed.map((i) => [i, '_']));
  const keyed = t.factors.map((f) => ({ f, key: printIndex(renameAtom(f, blank, scratch)) }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const canonical = new Map<string, string>();
  for (const { f } of keyed) {
    for (const i of freeIndices(f)) {
      if (summed.includes(i) && !canonical.has(i)) canonical.set(i, `#${canonical.size}`);
    }
  }
  // A factor's free indices go into its key as well as its print: an index a map's argument only
  // broadcasts over (σ(1) over i, from σ(δ[i,i])) does not print, and two terms that share their
  // summed indices differently must not look alike.
  return keyed
    .map(({ f }) => {
      const g = renameAtom(f, canonical, scratch);
      return `${printIndex(g)}{${freeIndices(g).join(',')}}`;
    })
    .join(' ');
}
