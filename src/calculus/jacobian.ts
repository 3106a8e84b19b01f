// The full Jacobian tensor of an expression by one of its tensors, materialised in float64.

import { UserError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Expr, allIndices, freeIndices } from './expr.js';
import { derive } from './derive.js';
import { type Values, evaluate, indexSizes } from './evaluate.js';
import { IndexNames } from './index-names.js';
import { type RuleTable, rules as defaultRules } from './rules.js';
import { simplify } from './simplify.js';

/** Options of `jacobian`. */
export interface JacobianOptions {
  readonly rules?: RuleTable;
  /** Evaluate the derivative as derived, deltas and all, instead of simplified first. */
  readonly unsimplified?: boolean;
  /** Sizes of indices that only deltas of the expression carry. */
  readonly sizes?: Readonly<Record<string, number>>;
}

/**
 * ∂expr/∂wrt at `values`: a float64 tensor whose axes are the expression's free indices,
 * then one per axis of `wrt` (docs/MATH.md's order: T[i,j,k,l,m] = ∂M[i,j]/∂S[k,l,m]).
 */
export function jacobian(expr: Expr, wrt: string, values: Values, options: JacobianOptions = {}): Tensor {
  const variable = values[wrt];
  if (variable === undefined) throw new UserError(`jacobian: no value was given for the variable '${wrt}'`);
  const rules = options.rules ?? defaultRules;
  const names = new IndexNames(allIndices(expr));
  const derived = derive(expr, wrt, { rules, names });
  const variableIndices = freeIndices(derived).slice(freeIndices(expr).length);
  const sizes = {
    ...options.sizes,
    ...indexSizes(expr, values), ...Object.fromEntries(variableIndices.map((i, axis) => [i, variable.shape[axis]])),
  };
  const derivative = options.unsimplified === true ? derived : simplify(derived, names);
  return evaluate(derivative, values, { rules, sizes });
}
