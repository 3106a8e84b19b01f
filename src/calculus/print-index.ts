// The index-form printer: `Σ_i W[j,i] a[i] + b[j]`, δ for deltas, σ' for derivatives.

import { type ElementwiseName, type Expr, type Product, freeIndices, unique } from './expr.js';
import { rules } from './rules.js';

/** An expression in index form; summed indices are shown by Σ, deltas by δ, derivatives by a prime. */
export function printIndex(e: Expr): string {
  switch (e.kind) {
    case 'tensor':
      return e.indices.length === 0 ? e.name : `${e.name}[${e.indices.join(',')}]`;
    case 'delta':
      return `δ[${e.indices.join(',')}]`;
    case 'const':
      return e.symbol ?? formatNumber(e.value);
    case 'map':
      return `${functionSymbol(e.fn, e.prime)}(${printIndex(e.arg)})`;
    case 'softmax':
      return `softmax_${e.axis}(${printIndex(e.arg)})`;
    case 'sum':
      return joinTerms(e.terms.map(printIndex));
    case 'product':
      return printProduct(e);
  }
}

/** A number as printers show it: shortest round-trip form, with a true minus sign. */
export function formatNumber(x: number): string {
  return x < 0 ? `−${String(-x)}` : String(x);
}

/** The printed name of an elementwise function, primed for its derivative (σ, σ'). */
export function functionSymbol(fn: ElementwiseName, prime: boolean): string {
  return rules[fn].symbol + (prime ? "'" : '');
}

/** Joins printed terms with + and −, folding a term's leading minus into the operator. */
export function joinTerms(terms: readonly string[]): string {
  if (terms.length === 0) return '0';
  let text = terms[0];
  for (const t of terms.slice(1)) text += t.startsWith('−') ? ` − ${t.slice(1)}` : ` + ${t}`;
  return text;
}

function printProduct(p: Product): string {
  const bound = unique(p.factors.flatMap(freeIndices)).filter((i) => !p.out.includes(i));
  if (p.factors.length === 1 && bound.length === 0 && p.factors[0].kind !== 'const') return printIndex(p.factors[0]);
  let coefficient = 1;
  const parts: string[] = [];
  for (const f of p.factors) {
    if (f.kind === 'const' && f.symbol === undefined) coefficient *= f.value;
    else if (f.kind === 'const' && /[/ ]/.test(printIndex(f))) parts.push(`(${printIndex(f)})`);
    else if (f.kind === 'sum' && f.terms.length > 1) parts.push(`(${printIndex(f)})`);
    else if (f.kind === 'product' && (f.factors.length > 1 || hasBound(f)) && !alone(f, p)) parts.push(`(${printIndex(f)})`);
    else parts.push(printIndex(f));
  }
  if (coefficient === 0) return '0';
  const sign = coefficient < 0 ? '−' : '';
  if (Math.abs(coefficient) !== 1) parts.unshift(formatNumber(Math.abs(coefficient)));
  const body = parts.length === 0 ? '1' : parts.join(' ');
  const sigma = bound.length === 0 ? '' : bound.length === 1 ? `Σ_${bound[0]} ` : `Σ_{${bound.join(',')}} `;
  return sign + sigma + body;
}

/** True when `f` is the only factor of `p` besides numbers: then it needs no parentheses. */
function alone(f: Expr, p: Product): boolean {
  return p.factors.every((g) => g === f || (g.kind === 'const' && g.symbol === undefined));
}

function hasBound(p: Product): boolean {
  return p.factors.flatMap(freeIndices).some((i) => !p.out.includes(i));
}
