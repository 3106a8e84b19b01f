// Index expressions: einsum products of named tensors, sums, elementwise functions, softmax, deltas, constants.

import { ELEMENTWISE_NAMES, type ElementwiseName, isElementwiseName } from '../ops/elementwise.js';

export type { ElementwiseName };

/** A named tensor read at an index list, `W[j,i]`; a repeated index reads a diagonal. */
export interface TensorRef {
  readonly kind: 'tensor';
  readonly name: string;
  readonly indices: readonly string[];
}

/** The Kronecker delta `δ[i,k]`: 1 where the two indices are equal, else 0. */
export interface Delta {
  readonly kind: 'delta';
  readonly indices: readonly [string, string];
}

/** A scalar constant; `symbol` (e.g. '1/n') is what printers show instead of the value. */
export interface Constant {
  readonly kind: 'const';
  readonly value: number;
  readonly symbol?: string;
}

/** An einsum product: the factors multiplied, summed over every index not in `out`; `out` may add broadcast indices. */
export interface Product {
  readonly kind: 'product';
  readonly factors: readonly Expr[];
  readonly out: readonly string[];
}

/** A sum of terms; each term's free indices are among `out`, and a term is constant along the ones it lacks. */
export interface Sum {
  readonly kind: 'sum';
  readonly terms: readonly Expr[];
  readonly out: readonly string[];
}

/** An elementwise function of its argument; `prime` applies the function's derivative instead (σ'). */
export interface Elementwise {
  readonly kind: 'map';
  readonly fn: ElementwiseName;
  readonly prime: boolean;
  readonly arg: Expr;
}

/** Softmax of its argument along one of its free indices. */
export interface Softmax {
  readonly kind: 'softmax';
  readonly axis: string;
  readonly arg: Expr;
}

/** An index expression. Its free indices, in order, are given by `freeIndices`. */
export type Expr = TensorRef | Delta | Constant | Product | Sum | Elementwise | Softmax;

/** Index lists are written as arrays or as strings of one-letter names ('ji' is ['j', 'i']). */
export type Indices = string | readonly string[];

/** The index list as an array of names. */
export function indexList(indices: Indices): string[] {
  return typeof indices === 'string' ? [...indices] : [...indices];
}

/** `name[indices]`. */
export function ref(name: string, indices: Indices = []): TensorRef {
  return { kind: 'tensor', name, indices: checkNames(indexList(indices)) };
}

/** `δ[a,b]`. */
export function delta(a: string, b: string): Delta {
  checkNames([a, b]);
  return { kind: 'delta', indices: [a, b] };
}

/** A scalar constant, printed as `symbol` when one is given. */
export function constant(value: number, symbol?: string): Constant {
  return symbol === undefined ? { kind: 'const', value } : { kind: 'const', value, symbol };
}

/** The product of `factors`, summed over their indices that are not in `out`. */
export function product(factors: readonly Expr[], out: Indices): Product {
  return { kind: 'product', factors: [...factors], out: distinct(indexList(out), 'product output') };
}

/** The sum of `terms`; `out` defaults to the terms' free indices in order of first appearance. */
export function sum(terms: readonly Expr[], out?: Indices): Sum {
  const all = unique(terms.flatMap((t) => freeIndices(t)));
  const list = out === undefined ? all : distinct(indexList(out), 'sum output');
  for (const index of all) {
    if (!list.includes(index)) throw new Error(`sum: a term has index ${index}, which is not among the sum's indices [${list.join(',')}]`);
  }
  return { kind: 'sum', terms: [...terms], out: list };
}

/** `f(arg)` elementwise, or `f'(arg)` when `prime`. */
export function apply(fn: ElementwiseName, arg: Expr, prime = false): Elementwise {
  // A name without a rule would fail later, deep in derive or evaluate, as a TypeError.
  if (!isElementwiseName(fn)) throw new RangeError(`apply: '${fn}' is not one of ${ELEMENTWISE_NAMES.join(', ')}`);
  return { kind: 'map', fn, prime, arg };
}

/** Softmax of `arg` along `axis`, one of its free indices. */
export function softmax(arg: Expr, axis: string): Softmax {
  if (!freeIndices(arg).includes(axis)) throw new Error(`softmax along ${axis}: the argument has no free index ${axis}`);
  return { kind: 'softmax', axis, arg };
}

/** The product `−1 · e`. */
export function negate(e: Expr): Product {
  return product([constant(-1), e], freeIndices(e));
}

/** Zero, with the given free indices. */
export function zero(out: Indices): Product {
  return product([constant(0)], out);
}

/** The free indices of an expression, in their order (a tensor's repeated index counts once). */
export function freeIndices(e: Expr): string[] {
  switch (e.kind) {
    case 'tensor':
      return unique(e.indices);
    case 'delta':
      return unique(e.indices);
    case 'const':
      return [];
    case 'product':
    case 'sum':
      return [...e.out];
    case 'map':
    case 'softmax':
      return freeIndices(e.arg);
  }
}

/** Every index name used anywhere in the expression, free or bound. */
export function allIndices(e: Expr, into: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'tensor':
    case 'delta':
      for (const i of e.indices) into.add(i);
      return into;
    case 'const':
      return into;
    case 'product':
      for (const i of e.out) into.add(i);
      for (const f of e.factors) allIndices(f, into);
      return into;
    case 'sum':
      for (const i of e.out) into.add(i);
      for (const t of e.terms) allIndices(t, into);
      return into;
    case 'map':
    case 'softmax':
      return allIndices(e.arg, into);
  }
}

/** The names of the tensors the expression reads, each with the index lists it is read at. */
export function tensorsOf(e: Expr, into: Map<string, TensorRef[]> = new Map()): Map<string, TensorRef[]> {
  switch (e.kind) {
    case 'tensor': {
      const refs = into.get(e.name) ?? [];
      refs.push(e);
      into.set(e.name, refs);
      return into;
    }
    case 'delta':
    case 'const':
      return into;
    case 'product':
      for (const f of e.factors) tensorsOf(f, into);
      return into;
    case 'sum':
      for (const t of e.terms) tensorsOf(t, into);
      return into;
    case 'map':
    case 'softmax':
      return tensorsOf(e.arg, into);
  }
}

/** True when the expression reads the tensor `name`. */
export function dependsOn(e: Expr, name: string): boolean {
  return tensorsOf(e).has(name);
}

/** The distinct names of a list, in order of first appearance. */
export function unique(names: Iterable<string>): string[] {
  return [...new Set(names)];
}

function distinct(names: string[], what: string): string[] {
  if (new Set(names).size !== names.length) throw new Error(`${what} [${names.join(',')}] repeats an index`);
  return checkNames(names);
}

function checkNames(names: string[]): string[] {
  for (const name of names) {
    if (!/^[A-Za-z]$/.test(name)) throw new Error(`index '${name}' is not a single letter (einsum specs name indices by one letter)`);
  }
  return names;
}
