// Renaming the free indices of an expression without capturing the indices its products sum over.

import { type Expr, freeIndices, unique } from './expr.js';
import type { IndexNames } from './index-names.js';

/**
 * Replaces each free index `i` that `mapping` names by `mapping.get(i)`. Two free indices mapped
 * to one name read a diagonal. A summed index that would collide with a new name is renamed
 * to a fresh one from `names` first.
 */
export function rename(e: Expr, mapping: ReadonlyMap<string, string>, names: IndexNames): Expr {
  const to = (i: string): string => mapping.get(i) ?? i;
  switch (e.kind) {
    case 'tensor':
      return { ...e, indices: e.indices.map(to) };
    case 'delta':
      return { ...e, indices: [to(e.indices[0]), to(e.indices[1])] };
    case 'const':
      return e;
    case 'sum':
      return { ...e, terms: e.terms.map((t) => rename(t, mapping, names)), out: unique(e.out.map(to)) };
    case 'map':
      return { ...e, arg: rename(e.arg, mapping, names) };
    case 'softmax':
      return { ...e, axis: to(e.axis), arg: rename(e.arg, mapping, names) };
    case 'product':
      return renameProduct(e.factors, e.out, mapping, names);
  }
}

function renameProduct(factors: readonly Expr[], out: readonly string[], mapping: ReadonlyMap<string, string>, names: IndexNames): Expr {
  const inner = new Map<string, string>();
  for (const i of out) {
    const target = mapping.get(i);
    if (target !== undefined) inner.set(i, target);
  }
  const targets = new Set(inner.values());
  const bound = unique(factors.flatMap(freeIndices)).filter((i) => !out.includes(i));
  for (const b of bound) {
    if (targets.has(b)) inner.set(b, names.fresh());
  }
  return {
    kind: 'product',
    factors: factors.map((f) => rename(f, inner, names)),
    out: unique(out.map((i) => inner.get(i) ?? i)),
  };
}

/**
 * True when renaming free index `from` to `to` would merge a softmax axis with another index of its
 * argument. NOTE: the diagonal of a softmax is not the softmax of the diagonal, so such a rename is not allowed.
 */
export function mergesSoftmaxAxis(e: Expr, from: string, to: string): boolean {
  switch (e.kind) {
    case 'tensor':
    case 'delta':
    case 'const':
      return false;
    case 'product':
      return e.out.includes(from) && e.out.includes(to) && e.factors.some((f) => mergesSoftmaxAxis(f, from, to));
    case 'sum':
      return e.terms.some((t) => mergesSoftmaxAxis(t, from, to));
    case 'map':
      return mergesSoftmaxAxis(e.arg, from, to);
    case 'softmax': {
      const free = freeIndices(e.arg);
      const merges = free.includes(from) && free.includes(to) && (e.axis === from || e.axis === to);
      return merges || mergesSoftmaxAxis(e.arg, from, to);
    }
  }
}
