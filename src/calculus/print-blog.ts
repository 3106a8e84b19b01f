// The blog's notation: products as `A *_(ij,jk,ik) B`, δ for deltas, σ' for derivatives.

import { type Expr, type Product, freeIndices, unique } from './expr.js';
import { formatNumber, functionSymbol, joinTerms, printIndex } from './print-index.js';

/**
 * An expression in the notation of Laue et al. that docs/MATH.md uses: a product of several factors is
 * read left to right, each step `X *_(s1,s2,s3) Y` keeping the indices later steps or the result need.
 */
export function printBlog(e: Expr): string {
  switch (e.kind) {
    case 'sum':
      return joinTerms(e.terms.map(printBlog));
    case 'product':
      return printProduct(e);
    default:
      return printIndex(e);
  }
}

/** An operand of a product, without its indices (they are in the subscript). */
function operand(e: Expr): string {
  switch (e.kind) {
    case 'tensor':
      return e.name;
    case 'delta':
      return 'δ';
    case 'const':
      return e.symbol ?? formatNumber(e.value);
    case 'map':
      return `${functionSymbol(e.fn, e.prime)}(${argument(e.arg)})`;
    case 'softmax':
      return `softmax_${e.axis}(${argument(e.arg)})`;
    case 'sum':
    case 'product':
      return `(${printBlog(e)})`;
  }
}

function argument(e: Expr): string {
  return e.kind === 'tensor' ? e.name : printBlog(e);
}

function printProduct(p: Product): string {
  let coefficient = 1;
  const operands: { text: string; indices: string[] }[] = [];
  for (const f of p.factors) {
    if (f.kind === 'const' && f.symbol === undefined) coefficient *= f.value;
    else operands.push({ text: operand(f), indices: subscript(f) });
  }
  if (coefficient === 0) return '0';
  const sign = coefficient < 0 ? '−' : '';
  const scale = Math.abs(coefficient) === 1 ? '' : `${formatNumber(Math.abs(coefficient))} · `;
  return sign + scale + chain(operands, p.out);
}

/** Folds the operands left to right into binary products; `out` is the last step's result. */
function chain(operands: readonly { text: string; indices: string[] }[], out: readonly string[]): string {
  if (operands.length === 0) return '1';
  const [first, ...rest] = operands;
  if (rest.length === 0) {
    return first.indices.join('') === out.join('') ? first.text : `${first.text} *_(${first.indices.join('')},,${out.join('')}) 1`;
  }
  let text = first.text;
  let carried = first.indices;
  rest.forEach((next, step) => {
    const later = new Set([...out, ...rest.slice(step + 1).flatMap((o) => o.indices)]);
    const result = step === rest.length - 1 ? [...out] : unique([...carried, ...next.indices]).filter((i) => later.has(i));
    text = `${text} *_(${carried.join('')},${next.indices.join('')},${result.join('')}) ${next.text}`;
    carried = result;
  });
  return text;
}

/** The indices an operand carries, in order (a repeated tensor index, a diagonal, repeats here too). */
function subscript(e: Expr): string[] {
  return e.kind === 'tensor' || e.kind === 'delta' ? [...e.indices] : freeIndices(e);
}
