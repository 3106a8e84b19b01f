// The text `einprop derive` prints: a layer's Jacobians before and after simplification, and its backward einsums.

import { UserError } from '../errors.js';
import type { ActivationName } from '../ops/activations.js';
import { type Backward, backward } from './backward.js';
import { printContraction } from './contraction.js';
import { denseLayerExpression } from './dense-layer.js';
import { derive } from './derive.js';
import { type Expr, allIndices, freeIndices, product, ref, sum, tensorsOf } from './expr.js';
import { IndexNames } from './index-names.js';
import { type LossParameters, type SampleLoss, activationExpression, outputGradient } from './output-gradient.js';
import { parseEquation } from './parse.js';
import { printBlog } from './print-blog.js';
import { joinTerms, printIndex } from './print-index.js';
import { simplify } from './simplify.js';

/** What to derive: a dense layer with an activation, and optionally the output layer's loss (Huber's δ defaults to 1). */
export interface DerivationRequest {
  readonly activation: ActivationName;
  readonly loss?: SampleLoss;
  readonly huberDelta?: number;
}

/** The derivation of a dense layer with `activation`: Jacobians (derived, simplified), backward einsums, and the loss's ∂C/∂z. */
export function layerDerivationText(request: DerivationRequest): string {
  const sample = sum([product([ref('W', 'ji'), ref('a', 'i')], 'j'), ref('b', 'j')], 'j');
  const activated = activationExpression(request.activation, ref('z', 'j'));
  const lines = [
    'Dense layer, one sample (summed indices marked Σ; a Jacobian has the numerator’s indices first):',
    `  z[j] = ${printIndex(sample)}`,
    `  a'[j] = ${printIndex(activated)}`,
    '',
    'Jacobians',
    ...['b', 'a', 'W'].flatMap((wrt) => jacobianLines('z', sample, wrt)),
    ...jacobianLines("a'", activated, 'z'),
    '',
    'Backward: g = ∂C/∂z, carrying the indices of z ([j] for one sample, [n,j] for a batch)',
    ...['W', 'b', 'a'].flatMap((wrt) => backwardLines(backward(sample, wrt), backward(denseLayerExpression(), wrt))),
    `  through the activation, with g = ∂C/∂a':`,
    ...backwardLines(backward(activated, 'z'), backward(activationExpression(request.activation, ref('z', 'nj')), 'z')),
  ];
  if (request.loss !== undefined) lines.push('', ...lossLines(request.activation, request.loss, { outputs: 1, huberDelta: request.huberDelta ?? 1 }));
  return lines.join('\n');
}

/**
 * The derivation of a typed equation (`z[n,j] = W[j,i] a[n,i] + b[j]`) by each of `wrt` (default: every tensor it reads).
 * A `wrt` the equation does not read is a usage error naming it as `einprop derive --wrt` and the tensors it can be.
 */
export function equationDerivationText(text: string, wrt?: readonly string[]): string {
  const eq = parseEquation(text);
  const read = [...tensorsOf(eq.expr).keys()];
  const unknown = wrt?.find((v) => !read.includes(v));
  if (unknown !== undefined) {
    const choices = read.length === 0 ? 'it reads no tensor' : `it reads ${read.join(', ')}`;
    throw new UserError(`--wrt ${unknown}: the expression reads no tensor named ${unknown}; ${choices}`, 2);
  }
  const variables = wrt ?? read;
  const lhs = indexed(eq.name, eq.indices);
  // The gradients are named after no tensor of the equation: backward refuses an upstream name the
  // expression reads (so `z[i] = g[i] a[i]` failed), and ∂L/∂L[i] would read as nonsense.
  const taken = [eq.name, ...read];
  const loss = unusedName(['L', 'C', 'J', 'E'], taken);
  const upstream = unusedName(['g', 'G', 'h', 'H'], taken);
  return [
    `${lhs} = ${printIndex(eq.expr)}`,
    '',
    'Jacobians',
    ...variables.flatMap((v) => jacobianLines(eq.name, eq.expr, v)),
    '',
    `Backward: ${upstream} = ∂${loss}/∂${eq.name}, carrying the indices [${eq.indices.join(',')}]`,
    ...variables.flatMap((v) => backwardLines(backward(eq.expr, v, { upstream }), undefined, loss)),
  ].join('\n');
}

/** The first of `candidates` not in `taken`, else a primed one (`L'`, `L''`, …) that is not. */
function unusedName(candidates: readonly string[], taken: readonly string[]): string {
  const free = candidates.find((c) => !taken.includes(c));
  if (free !== undefined) return free;
  let name = candidates[0];
  while (taken.includes(name)) name = `${name}'`;
  return name;
}

function jacobianLines(name: string, expr: Expr, wrt: string): string[] {
  const names = new IndexNames(allIndices(expr));
  const derived = derive(expr, wrt, { names });
  const out = freeIndices(expr);
  const label = `∂${indexed(name, out)}/∂${indexed(wrt, freeIndices(derived).slice(out.length))}`;
  const simplified = simplify(derived, names);
  return [`  ${label}`, `    derived:     ${printIndex(derived)}`, `    simplified:  ${printIndex(simplified)}`, `    as tensors:  ${printBlog(simplified)}`];
}

/** The gradient by one variable: its index form, blog notation and einsum, for one sample and optionally a batch. */
function backwardLines(b: Backward, batch?: Backward, loss = 'C'): string[] {
  const index = printIndex(b.gradient);
  const blog = printBlog(b.gradient);
  const lines = [
    `  ∂${loss}/∂${indexed(b.wrt, b.indices)} = ${index}${blog === index ? '' : ` = ${blog}`}`,
    `    einsum:        ${joinTerms(b.terms.map(printContraction))}`,
  ];
  if (batch !== undefined) lines.push(`    batch einsum:  ${joinTerms(batch.terms.map(printContraction))}`);
  for (const f of b.factors) lines.push(`    where ${f.name} is ${printIndex(f.expr)}`);
  return lines;
}

/** The loss's C, its ∂C/∂a and ∂C/∂z as derived (n is printed for the outputs, whatever `p.outputs` is). */
function lossLines(activation: ActivationName, loss: SampleLoss, p: LossParameters): string[] {
  const byPrediction = loss.expression(ref('a', 'j'), ref('y', 'j'), p);
  const names = new IndexNames(allIndices(byPrediction));
  const gradient = outputGradient(activation, loss, p);
  const lines = [
    `Loss ${loss.name}, output layer a = ${printIndex(activationExpression(activation, ref('z', 'j')))} with n outputs and target y:`,
    `  C = ${printIndex(byPrediction)}`,
    `  ∂C/∂a[k] = ${printFactored(simplify(derive(byPrediction, 'a', { names }), names))}`,
    `  ∂C/∂z[k] = ${printFactored(gradient.derived)}`,
  ];
  const closed = gradient.closedForm;
  if (closed !== undefined) lines.push(`           = ${printIndex(closed.gradient)}   (${closed.assumes})`);
  if (loss.where !== undefined) lines.push(`  where ${loss.where}`);
  lines.push('  A batch averages C over its N samples, so each sample’s ∂C/∂z is further divided by N.');
  return lines;
}

/** A sum printed with the factors and the coefficient size that all its terms share pulled out front. */
function printFactored(e: Expr): string {
  if (e.kind !== 'sum') return printIndex(e);
  const terms = e.terms.map((t) => splitTerm(t, e.out));
  const common = terms.slice(1).reduce((shared, t) => intersect(shared, t.factors), terms[0].factors);
  const size = Math.abs(terms[0].coefficient);
  const scale = terms.every((t) => Math.abs(t.coefficient) === size) ? size : 1;
  if (common.length === 0 && scale === 1) return printIndex(e);
  const rests = terms.map((t) => {
    const rest = remove(t.factors, common);
    const c = t.coefficient / scale;
    const sigma = t.summed.length === 0 ? '' : t.summed.length === 1 ? `Σ_${t.summed[0]} ` : `Σ_{${t.summed.join(',')}} `;
    return `${c < 0 ? '−' : ''}${sigma}${Math.abs(c) === 1 ? '' : `${Math.abs(c)} `}${rest.length === 0 ? '1' : rest.join(' ')}`;
  });
  const front = [...(scale === 1 ? [] : [String(scale)]), ...common.map((f) => (/[/ ]/.test(f) ? `(${f})` : f))];
  return `${front.join(' ')} (${joinTerms(rests)})`;
}

/** A term of a sum as its numeric coefficient, its other factors printed, and the indices it sums over. */
function splitTerm(t: Expr, out: readonly string[]): { coefficient: number; factors: string[]; summed: string[] } {
  const factors = t.kind === 'product' ? t.factors : [t];
  let coefficient = 1;
  const printed: string[] = [];
  for (const f of factors) {
    if (f.kind === 'const' && f.symbol === undefined) coefficient *= f.value;
    else printed.push(printIndex(f));
  }
  const summed = [...new Set(factors.flatMap(freeIndices))].filter((i) => !out.includes(i));
  return { coefficient, factors: printed, summed };
}

/** The multiset intersection of two lists of printed factors. */
function intersect(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  return a.filter((x) => {
    const at = left.indexOf(x);
    if (at >= 0) left.splice(at, 1);
    return at >= 0;
  });
}

/** `a` without one occurrence of each element of `b`. */
function remove(a: readonly string[], b: readonly string[]): string[] {
  const rest = [...a];
  for (const x of b) rest.splice(rest.indexOf(x), 1);
  return rest;
}

function indexed(name: string, indices: readonly string[]): string {
  return indices.length === 0 ? name : `${name}[${indices.join(',')}]`;
}
