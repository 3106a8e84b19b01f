// Parses a typed index equation such as `z[n,j] = W[j,i] a[n,i] + b[j]` into an expression.

import { UserError } from '../errors.js';
import { ELEMENTWISE_NAMES, elementwiseFunction } from '../ops/elementwise.js';
import { type ElementwiseName, type Expr, apply, constant, delta, dependsOn, freeIndices, negate, product, ref, softmax, sum } from './expr.js';

/** A parsed equation: the defined tensor, its indices, and the right-hand side. */
export interface Equation {
  readonly name: string;
  readonly indices: readonly string[];
  readonly expr: Expr;
}

/**
 * How deeply parentheses and function arguments may nest. The reader recurses once per level, so
 * without a bound a long run of '(' overflows the stack; and a derivative repeats each inner
 * argument at every level outside it, so its size grows with the cube of the depth (32 levels of
 * σ(a + σ(…)) take 2 s and print 600 kB). A layer's equation nests two or three deep.
 */
export const maxNesting = 32;

/**
 * How deeply softmax may nest. Each derivative of a softmax brings new summed indices and terms,
 * so nested ones grow exponentially: 10 levels of softmax_i(a[i] + …) ran 16 s before running out
 * of index letters; 4 levels derive in a fraction of a second.
 */
export const maxSoftmaxNesting = 4;

/** How much of the expression an error message quotes. */
const maxQuoted = 80;

/** Every elementwise function by each word that names it: its name, its name with _ for -, and its symbol (σ, lrelu, id). */
const functions: ReadonlyMap<string, ElementwiseName> = new Map(
  ELEMENTWISE_NAMES.flatMap((name) => [name, name.replaceAll('-', '_'), elementwiseFunction(name).symbol].map((word) => [word, name] as const)),
);

/** The words of `functions` that a plain identifier does not match (leaky-relu, σ), longest first. */
const unusualWords = [...functions.keys()].filter((word) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(word)).sort((a, b) => b.length - a.length);

/** An identifier: δ, a function's unusual word, or a letter followed by letters, digits and _. */
const identifierPattern = new RegExp(`^(?:${['δ', ...unusualWords.map(escapeRegExp), '[A-Za-z][A-Za-z0-9_]*'].join('|')})`);

/** The first characters of a factor besides letters, digits, '.' and '(': δ and those of the unusual words. */
const unusualStarts = new Set(['δ', ...unusualWords.map((word) => word[0])]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The syntax tree, before summation indices are placed. */
type Node =
  | { readonly kind: 'leaf'; readonly expr: Expr }
  | { readonly kind: 'product'; readonly factors: readonly Node[] }
  | { readonly kind: 'sum'; readonly terms: readonly Node[]; readonly negative: readonly boolean[] }
  | { readonly kind: 'map'; readonly fn: ElementwiseName; readonly arg: Node }
  | { readonly kind: 'softmax'; readonly axis: string; readonly arg: Node; readonly at: number };

/**
 * Parses `name[indices] = expression`. Indices on the left are the result's; any other index is
 * summed over in the smallest product, sum or function application that holds all its occurrences
 * (so `C = (a[j] − y[j]) (a[j] − y[j])` sums j over the product). Juxtaposition, `*` and `·`
 * multiply; `softmax_j(…)` is softmax along j; `δ[i,k]` (or `delta[i,k]`) is a Kronecker delta.
 * A syntax error is a UserError that names its position (1-based).
 */
export function parseEquation(text: string): Equation {
  const parser = new Parser(text);
  const name = parser.identifier('the name of the defined tensor');
  const indices = parser.peek() === '[' ? parser.resultIndices(name) : [];
  parser.expect('=');
  const rhs = parser.sum();
  parser.end();
  const totals = occurrences(rhs);
  for (const i of indices) {
    if (!totals.has(i)) throw parser.error(`index ${i} of ${name} appears nowhere on the right`, 0);
  }
  const expr = new Builder(indices, totals).build(rhs).expr;
  if (dependsOn(expr, name)) throw parser.error(`${name} is defined in terms of itself`, 0);
  return { name, indices, expr: freeIndices(expr).join() === indices.join() ? expr : product([expr], indices) };
}

/** Turns the syntax tree into an expression, summing each index where its last occurrence is enclosed. */
class Builder {
  constructor(
    private readonly out: readonly string[],
    private readonly totals: ReadonlyMap<string, number>,
  ) {}

  build(node: Node): { expr: Expr; seen: Map<string, number> } {
    if (node.kind === 'leaf') return { expr: node.expr, seen: occurrences(node) };
    const parts = node.kind === 'product' ? node.factors : node.kind === 'sum' ? node.terms : [node.arg];
    const built = parts.map((p) => this.build(p));
    const seen = new Map<string, number>();
    for (const b of built) for (const [i, n] of b.seen) seen.set(i, (seen.get(i) ?? 0) + n);
    if (node.kind === 'softmax') seen.set(node.axis, (seen.get(node.axis) ?? 0) + 1);
    const exprs = built.map((b) => b.expr);
    const closes = (i: string): boolean => !this.out.includes(i) && seen.get(i) === this.totals.get(i);
    if (node.kind === 'product') {
      const free = carried(exprs);
      return { expr: product(exprs, free.filter((i) => !closes(i))), seen };
    }
    let expr: Expr;
    if (node.kind === 'sum') expr = sum(exprs.map((e, t) => (node.negative[t] ? negate(e) : e)));
    else if (node.kind === 'map') expr = apply(node.fn, exprs[0]);
    else if (freeIndices(exprs[0]).includes(node.axis)) expr = softmax(exprs[0], node.axis);
    else throw new UserError(`softmax along ${node.axis}, but its argument has no free index ${node.axis} (position ${node.at + 1})`, 2);
    const free = freeIndices(expr);
    const keep = free.filter((i) => !closes(i));
    return { expr: keep.length === free.length ? expr : product([expr], keep), seen };
  }
}

function carried(exprs: readonly Expr[]): string[] {
  return [...new Set(exprs.flatMap(freeIndices))];
}

/** How often each index is written in the subtree (a softmax axis counts once). */
function occurrences(node: Node, into: Map<string, number> = new Map()): Map<string, number> {
  const count = (i: string): void => {
    into.set(i, (into.get(i) ?? 0) + 1);
  };
  switch (node.kind) {
    case 'leaf':
      if (node.expr.kind === 'tensor' || node.expr.kind === 'delta') node.expr.indices.forEach(count);
      return into;
    case 'product':
      for (const f of node.factors) occurrences(f, into);
      return into;
    case 'sum':
      for (const t of node.terms) occurrences(t, into);
      return into;
    case 'softmax':
      count(node.axis);
      return occurrences(node.arg, into);
    case 'map':
      return occurrences(node.arg, into);
  }
}

/** A recursive-descent reader of the syntax; positions in errors are 1-based. */
class Parser {
  private pos = 0;
  /** How many parentheses and function arguments enclose the reader now. */
  private depth = 0;
  /** How many softmax arguments enclose the reader now. */
  private softmaxDepth = 0;
  /** The rank each tensor was first read with, and where, so that a later read with another rank is caught. */
  private readonly ranks = new Map<string, { rank: number; at: number }>();

  constructor(private readonly text: string) {}

  /** Terms joined by + and −. */
  sum(): Node {
    const terms: Node[] = [];
    const negative: boolean[] = [];
    let minus = this.accept('-') || this.accept('−');
    for (;;) {
      terms.push(this.product());
      negative.push(minus);
      if (this.accept('+')) minus = false;
      else if (this.accept('-') || this.accept('−')) minus = true;
      else break;
    }
    return terms.length === 1 && !negative[0] ? terms[0] : { kind: 'sum', terms, negative };
  }

  /** Factors, by juxtaposition, `*` or `·`. */
  private product(): Node {
    const factors = [this.factor()];
    for (;;) {
      if (this.accept('*') || this.accept('·')) factors.push(this.factor());
      else if (this.startsFactor()) factors.push(this.factor());
      else break;
    }
    return factors.length === 1 ? factors[0] : { kind: 'product', factors };
  }

  private factor(): Node {
    this.skipSpace();
    const start = this.pos;
    const ch = this.peek();
    if (ch === '(') return this.argument();
    if (ch !== undefined && /[0-9.]/.test(ch)) return { kind: 'leaf', expr: this.number() };
    const word = this.identifier('a tensor, a number, a function or (');
    if (word === 'δ' || word === 'delta') {
      const [a, b, ...rest] = this.indexList();
      if (b === undefined || rest.length > 0) throw this.error('a delta takes exactly two indices', start);
      return { kind: 'leaf', expr: delta(a, b) };
    }
    if (word.startsWith('softmax_') && word.length === 'softmax_'.length + 1) {
      if (this.softmaxDepth === maxSoftmaxNesting) throw this.error(`softmax nests more than ${maxSoftmaxNesting} deep`, start);
      this.softmaxDepth++;
      const arg = this.argument();
      this.softmaxDepth--;
      return { kind: 'softmax', axis: word.slice('softmax_'.length), arg, at: start };
    }
    const fn = functions.get(word);
    if (fn !== undefined && this.peek() === '(') return { kind: 'map', fn, arg: this.argument() };
    if (this.peek() === '(') throw this.error(`unknown function '${word}'`, start);
    return { kind: 'leaf', expr: this.tensor(word, start) };
  }

  /** A parenthesised sum: a group, or a function's argument. */
  private argument(): Node {
    this.skipSpace();
    if (this.depth === maxNesting) throw this.error(`parentheses nest more than ${maxNesting} deep`);
    this.expect('(');
    this.depth++;
    const arg = this.sum();
    this.expect(')');
    this.depth--;
    return arg;
  }

  /** `name[indices]` read at `start`: a tensor has one rank, so a read with another is an error at the second. */
  private tensor(name: string, start: number): Expr {
    const indices = this.peek() === '[' ? this.indexList() : [];
    const first = this.ranks.get(name);
    if (first === undefined) this.ranks.set(name, { rank: indices.length, at: start });
    else if (first.rank !== indices.length) {
      throw this.error(`${name} is read with ${count(first.rank)} at position ${first.at + 1}, then with ${count(indices.length)}`, start);
    }
    return ref(name, indices);
  }

  /** The defined tensor's indices: each names one axis of the result, so none may repeat. */
  resultIndices(name: string): string[] {
    const at: number[] = [];
    const indices = this.indexList(at);
    const repeat = indices.findIndex((index, k) => indices.indexOf(index) !== k);
    if (repeat >= 0) throw this.error(`index ${indices[repeat]} of ${name} is repeated on the left`, at[repeat]);
    return indices;
  }

  private number(): Expr {
    const match = /^[0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?/.exec(this.text.slice(this.pos));
    if (match === null) throw this.error('malformed number');
    const start = this.pos;
    this.pos += match[0].length;
    const value = Number(match[0]);
    if (!Number.isFinite(value)) throw this.error(`number ${match[0]} is too large`, start);
    return constant(value);
  }

  /** `[j,i]` or `[ji]`: one-letter indices; their positions are pushed onto `at`. */
  private indexList(at: number[] = []): string[] {
    this.expect('[');
    const indices: string[] = [];
    // A comma separates two letters: none may start or end the list, or follow another.
    let afterComma = false;
    for (;;) {
      this.skipSpace();
      const ch = this.peek();
      if (ch !== undefined && /[A-Za-z]/.test(ch)) {
        indices.push(ch);
        at.push(this.pos);
        afterComma = false;
      } else if (ch === ']' && !afterComma) break;
      else if (ch === ',' && indices.length > 0 && !afterComma) afterComma = true;
      else if (afterComma) throw this.error(ch === undefined ? "expected an index letter after ','" : `expected an index letter after ',' but found '${ch}'`);
      else throw this.error(ch === undefined ? "expected ']'" : `expected an index letter or ']' but found '${ch}'`);
      this.pos++;
    }
    this.pos++;
    return indices;
  }

  identifier(what: string): string {
    this.skipSpace();
    const match = identifierPattern.exec(this.text.slice(this.pos));
    if (match === null) throw this.error(this.pos < this.text.length ? `expected ${what} but found '${this.text[this.pos]}'` : `expected ${what}`);
    this.pos += match[0].length;
    return match[0];
  }

  expect(token: string): void {
    if (!this.accept(token)) {
      const found = this.pos < this.text.length ? `'${this.text[this.pos]}'` : 'the end';
      throw this.error(`expected '${token}' but found ${found}`);
    }
  }

  end(): void {
    this.skipSpace();
    if (this.pos < this.text.length) throw this.error(`unexpected '${this.text[this.pos]}'`);
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  error(message: string, at = this.pos): UserError {
    // A long expression is cut in the message, which must stay one readable line; the position still finds the spot.
    const shown = this.text.length <= maxQuoted ? this.text : `${this.text.slice(0, maxQuoted)}…`;
    return new UserError(`expression "${shown}": ${message} at position ${at + 1}`, 2);
  }

  private startsFactor(): boolean {
    this.skipSpace();
    const ch = this.peek();
    return ch !== undefined && (/[A-Za-z0-9.(]/.test(ch) || unusualStarts.has(ch));
  }

  private accept(token: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
}

/** `1 index`, `2 indices`. */
function count(rank: number): string {
  return `${rank} ${rank === 1 ? 'index' : 'indices'}`;
}
