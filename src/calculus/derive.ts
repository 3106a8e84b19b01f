// The Jacobian of an index expression by one of its tensors, as an index expression (deltas kept).

import { UserError } from '../errors.js';
import { type Expr, allIndices, dependsOn, freeIndices, tensorsOf, zero } from './expr.js';
import { IndexNames } from './index-names.js';
import { type DeriveContext, type RuleTable, type Variable, rules as defaultRules } from './rules.js';

/** Options of `derive`: the rule table (tests pass altered ones) and the supply of fresh indices. */
export interface DeriveOptions {
  readonly rules?: RuleTable;
  /** Names to avoid beyond the expression's own; fresh names are reserved in it. */
  readonly names?: IndexNames;
}

/**
 * ∂expr/∂wrt: an expression whose free indices are those of `expr` followed by one fresh index
 * per axis of `wrt` (e.g. ∂z[j]/∂W[k,l] = δ[j,k] a[l], before simplification Σ_i δ[j,k] δ[i,l] a[i]).
 */
export function derive(expr: Expr, wrt: string, options: DeriveOptions = {}): Expr {
  const names = options.names ?? new IndexNames([]);
  names.reserve(allIndices(expr));
  const variable: Variable = { name: wrt, indices: Array.from({ length: rankOf(expr, wrt) }, () => names.fresh()) };
  return deriveBy(expr, variable, names, options.rules ?? defaultRules);
}

/** ∂expr/∂variable, with the variable's Jacobian indices already chosen. */
export function deriveBy(expr: Expr, wrt: Variable, names: IndexNames, table: RuleTable): Expr {
  const ctx: DeriveContext = { wrt, names, derive: (e) => step(e, ctx, table) };
  return step(expr, ctx, table);
}

/** The number of axes of tensor `name` in `expr`; a user error when it is absent or read with differing ranks. */
export function rankOf(expr: Expr, name: string): number {
  const refs = tensorsOf(expr).get(name);
  if (refs === undefined) throw new UserError(`derive: the expression reads no tensor named '${name}'`);
  const rank = refs[0].indices.length;
  for (const r of refs) {
    if (r.indices.length !== rank) throw new UserError(`derive: ${name} is read with ${rank} and with ${r.indices.length} indices`);
  }
  return rank;
}

function step(e: Expr, ctx: DeriveContext, table: RuleTable): Expr {
  if (!dependsOn(e, ctx.wrt.name)) return zero([...freeIndices(e), ...ctx.wrt.indices]);
  switch (e.kind) {
    case 'tensor':
      return table.tensor.derive(e, ctx);
    case 'delta':
      return table.delta.derive(e, ctx);
    case 'const':
      return table.const.derive(e, ctx);
    case 'product':
      return table.product.derive(e, ctx);
    case 'sum':
      return table.sum.derive(e, ctx);
    case 'softmax':
      return table.softmax.derive(e, ctx);
    case 'map':
      return table[e.fn].derive(e, ctx);
  }
}
