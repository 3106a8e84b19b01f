// The batched dense layer's contractions, derived once from its index expression: the network's contract.

import { type Expr, type Product, product, ref, sum } from './expr.js';
import { backward } from './backward.js';
import { type Contraction, toContraction } from './contraction.js';
import { simplifyToPolynomial } from './simplify.js';

/** One einsum with its operands named: 'W' [out,in], 'b' [out], 'a' [n,in] input activations, 'g' [n,out] = ∂C/∂z. */
export interface NamedContraction {
  readonly spec: string;
  readonly operands: readonly string[];
}

/** The batched dense layer's forward product and the backward contractions derived from it by `backward`. */
export interface DenseLayerContractions {
  /** W·a without the bias: z[n,j] = Σ_i W[j,i] a[n,i]. */
  forward: NamedContraction;
  /** dW[j,i] = Σ_n g[n,j] a[n,i]. */
  weight: NamedContraction;
  /** db[j] = Σ_n g[n,j]. */
  bias: NamedContraction;
  /** da[n,i] = Σ_j g[n,j] W[j,i]. */
  input: NamedContraction;
}

/** The layer's weight product `Σ_i W[j,i] a[n,i]`, free indices [n,j]. */
export function denseLayerProduct(): Product {
  return product([ref('W', 'ji'), ref('a', 'ni')], 'nj');
}

/** The batched dense layer `z[n,j] = W[j,i] a[n,i] + b[j]`. */
export function denseLayerExpression(): Expr {
  return sum([denseLayerProduct(), ref('b', 'j')], 'nj');
}

let cached: DenseLayerContractions | undefined;

/** The layer's contractions; the backward ones come from `backward` of `denseLayerExpression()`. */
export function denseLayerContractions(): DenseLayerContractions {
  if (cached === undefined) {
    const z = denseLayerExpression();
    const forward = denseLayerProduct();
    cached = {
      forward: plain(toContraction(simplifyToPolynomial(forward).terms[0], forward.out, new Map()), 'forward'),
      weight: gradientOf(z, 'W'),
      bias: gradientOf(z, 'b'),
      input: gradientOf(z, 'a'),
    };
  }
  return cached;
}

function gradientOf(z: Expr, wrt: string): NamedContraction {
  const b = backward(z, wrt);
  if (b.terms.length !== 1) throw new Error(`dense layer: ∂C/∂${wrt} came out as ${b.terms.length} contractions, not one`);
  return plain(b.terms[0], `∂C/∂${wrt}`);
}

function plain(c: Contraction, what: string): NamedContraction {
  if (c.coefficient !== 1 || c.broadcast.length > 0 || c.operands.includes('δ')) {
    throw new Error(`dense layer: ${what} is not a plain einsum (${c.coefficient} · ${c.spec} over ${c.operands.join(', ')})`);
  }
  return { spec: c.spec, operands: [...c.operands] };
}
