// One term of a simplified expression as a numpy-style einsum over named operands.

import { type Elementwise, type Expr, type Softmax, allIndices, freeIndices } from './expr.js';
import { IndexNames } from './index-names.js';
import { type Atom, type Term, termIndices } from './polynomial.js';
import { printIndex } from './print-index.js';
import { rename } from './rename.js';

/** coefficient · einsum(spec, …operands), then broadcast along `broadcast` (result indices no operand carries). */
export interface Contraction {
  readonly coefficient: number;
  /** A plain einsum spec such as 'nj,ni->ji'. */
  readonly spec: string;
  /** Operand names in spec order: tensor names, 'δ' for an identity matrix, or a named factor's name. */
  readonly operands: readonly string[];
  /** Indices of the result that no operand carries: the result is constant along them. Usually empty. */
  readonly broadcast: readonly string[];
}

/** An operand that is not a plain tensor, e.g. sigmoid'(z): its name in `operands` and what it stands for. */
export interface NamedFactor {
  readonly name: string;
  readonly expr: Expr;
}

/** The einsum of one term whose result has the indices `out`; named factors are added to `factors`. */
export function toContraction(term: Term, out: readonly string[], factors: Map<string, NamedFactor>): Contraction {
  let coefficient = term.coefficient;
  const subscripts: string[] = [];
  const operands: string[] = [];
  for (const f of term.factors) {
    if (f.kind === 'const') {
      coefficient *= f.value;
      continue;
    }
    const name = f.kind === 'map' || f.kind === 'softmax' ? nameFactor(f, factors) : operandName(f);
    subscripts.push(subscriptOf(f));
    operands.push(name);
  }
  const carried = new Set(termIndices(term));
  const kept = out.filter((i) => carried.has(i));
  return {
    coefficient,
    spec: `${subscripts.join(',')}->${kept.join('')}`,
    operands,
    broadcast: out.filter((i) => !carried.has(i)),
  };
}

/** A contraction as code: `2 · einsum('nj,ni->ji', g, a)`. */
export function printContraction(c: Contraction): string {
  const call = `einsum('${c.spec}', ${c.operands.join(', ')})`;
  const scaled = c.coefficient === 1 ? call : c.coefficient === -1 ? `−${call}` : `${c.coefficient} · ${call}`;
  return c.broadcast.length === 0 ? scaled : `${scaled}, broadcast along ${c.broadcast.join(',')}`;
}

/** The name an atom goes by as an operand: a tensor's name, 'δ', or its function applied to its argument. */
export function operandName(f: Exclude<Atom, { kind: 'const' }>): string {
  switch (f.kind) {
    case 'tensor':
      return f.name;
    case 'delta':
      return 'δ';
    case 'map':
      return `${f.fn}${f.prime ? "'" : ''}(${argumentName(f.arg)})`;
    case 'softmax': {
      // Named by the axis's position, which renaming the indices does not change; the last axis is the usual one.
      const free = termIndices({ coefficient: 1, factors: [f] });
      const position = free.indexOf(f.axis);
      const tag = position === free.length - 1 ? '' : `@${position}`;
      return `softmax${tag}(${argumentName(f.arg)})`;
    }
  }
}

/** Registers a function-of-tensors operand under a name that no different factor of `factors` has. */
function nameFactor(f: Elementwise | Softmax, factors: Map<string, NamedFactor>): string {
  const short = operandName(f);
  for (const name of [short, `${short.slice(0, short.indexOf('('))}(${printIndex(f.arg)})`]) {
    const seen = factors.get(name);
    if (seen === undefined) factors.set(name, { name, expr: f });
    if (seen === undefined || sameUpToRenaming(seen.expr, f)) return name;
  }
  throw new Error(`two different operands are both named ${short}`);
}

/** True when the two expressions differ only in the names of their free indices. */
function sameUpToRenaming(a: Expr, b: Expr): boolean {
  return shapeKey(a) === shapeKey(b);
}

function shapeKey(e: Expr): string {
  const free = freeIndices(e);
  const placeholders = new Map(free.map((i, p) => [i, `#${p}`]));
  return printIndex(rename(e, placeholders, new IndexNames(allIndices(e))));
}

function argumentName(arg: Expr): string {
  return arg.kind === 'tensor' ? arg.name : printIndex(arg);
}

function subscriptOf(f: Exclude<Atom, { kind: 'const' }>): string {
  return f.kind === 'tensor' || f.kind === 'delta' ? f.indices.join('') : termIndices({ coefficient: 1, factors: [f] }).join('');
}
