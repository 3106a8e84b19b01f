// The text of `einprop derive`: the layer's Jacobians before and after simplification, backward einsums, the loss.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { equationDerivationText, layerDerivationText } from '../../src/calculus/derivation.js';
import { UserError } from '../../src/errors.js';
import { LOSSES } from '../../src/nn/losses/losses.js';
import type { ActivationName } from '../../src/ops/activations.js';
import { fcOptions } from '../support/fc.js';

describe('layerDerivationText', () => {
  const activations: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity', 'softmax'];
  test.each(activations)('for %s shows each Jacobian derived and simplified, and the batch einsums', (activation) => {
    const text = layerDerivationText({ activation });
    expect(text).toContain('∂z[j]/∂W[k,l]\n    derived:     Σ_i (δ[j,k] δ[i,l]) a[i]\n    simplified:  δ[j,k] a[l]');
    expect(text).toContain('∂z[j]/∂b[k]\n    derived:     δ[j,k]');
    expect(text).toContain("einsum('nj,ni->ji', g, a)");
    expect(text).toContain("einsum('nj->j', g)");
    expect(text).toContain("einsum('nj,ji->ni', g, W)");
    expect(text).not.toContain('Loss');
  });
  test("shows σ'(z) δ for an elementwise activation and s (δ − s) for softmax", () => {
    expect(layerDerivationText({ activation: 'sigmoid' })).toContain("∂a'[j]/∂z[k]\n    derived:     σ'(z[j]) δ[j,k]");
    expect(layerDerivationText({ activation: 'sigmoid' })).toContain("einsum('nj,nj->nj', g, sigmoid'(z))");
    expect(layerDerivationText({ activation: 'softmax' })).toContain('simplified:  softmax_j(z[j]) δ[j,k] − softmax_j(z[j]) softmax_k(z[k])');
  });
  test('with a loss, shows ∂C/∂a and the output layer’s ∂C/∂z', () => {
    expect(layerDerivationText({ activation: 'identity', loss: LOSSES.mse })).toContain('∂C/∂a[k] = 2 (1/n) (a[k] − y[k])');
    expect(layerDerivationText({ activation: 'softmax', loss: LOSSES['cross-entropy'] })).toContain('= softmax_k(z[k]) − y[k]');
  });
});

describe('equationDerivationText', () => {
  test('derives a typed equation by every tensor it reads', () => {
    const text = equationDerivationText('z[n,j] = W[j,i] a[n,i] + b[j]');
    expect(text).toContain("∂L/∂W[j,i] = Σ_n g[n,j] a[n,i] = g *_(nj,ni,ji) a\n    einsum:        einsum('nj,ni->ji', g, a)");
    expect(text).toContain("einsum('nj->j', g)");
  });
  test('derives by the tensors asked for only, and rejects one the equation does not read', () => {
    expect(equationDerivationText('C = x[i] A[i,j] x[j]', ['x'])).toContain("einsum(',ij,j->i', g, A, x) + einsum(',l,li->i', g, x, A)");
    expect(() => equationDerivationText('C = x[i] A[i,j] x[j]', ['B'])).toThrow(UserError);
  });
  test('a --wrt the equation does not read is a usage error naming it and the tensors it can be', () => {
    const error = caught(() => equationDerivationText('z[n,j] = W[j,i] a[n,i] + b[j]', ['W', 'Q']));
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ exitCode: 2, message: '--wrt Q: the expression reads no tensor named Q; it reads W, a, b' });
    expect(caught(() => equationDerivationText('C = 2', ['x']))).toMatchObject({ exitCode: 2, message: expect.stringMatching(/it reads no tensor$/) });
  });
  test('names the upstream gradient and the loss after letters the equation does not use', () => {
    const text = equationDerivationText('z[i] = g[i] L[i]');
    expect(text).toContain('Backward: G = ∂C/∂z, carrying the indices [i]');
    expect(text).toContain("∂C/∂g[i] = G[i] L[i] = G *_(i,i,i) L\n    einsum:        einsum('i,i->i', G, L)");
    expect(equationDerivationText('g[i] = a[i]')).toContain('Backward: G = ∂L/∂g');
  });
  test('an equation that needs more than 52 index letters is a usage error, not a crash', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const error = caught(() => equationDerivationText(`C = x[${letters}]`));
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ exitCode: 2, message: expect.stringMatching(/^the derivation needs more than 52 one-letter index names/) });
  });
});

describe('equationDerivationText on any text', () => {
  // Equations from the grammar, with index lists that may repeat a letter, then one character overwritten to
  // break them in every way: most draws are near misses, which is where a parser lets a bad input through.
  const indices = fc.array(fc.constantFrom(...'ijkn'), { maxLength: 3 }).map((list) => `[${list.join(',')}]`);
  const atom = fc.oneof(fc.tuple(fc.constantFrom('a', 'b', 'W', 'x', 'g', 'L', 'z', 'δ'), indices).map(([name, list]) => name + list), fc.constantFrom('2', '0.5', 'a'));
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      atom,
      fc.tuple(tie('expr'), fc.constantFrom(' + ', ' - ', ' ', ' * ', '·', ' − '), tie('expr')).map(([l, op, r]) => l + op + r),
      tie('expr').map((e) => `(${e})`),
      fc.tuple(fc.constantFrom('σ', 'exp', 'log', 'relu', 'softmax_i', 'softmax_j'), tie('expr')).map(([f, e]) => `${f}(${e})`),
      tie('expr').map((e) => `-${e}`),
    ),
  }));
  const equation = fc.tuple(fc.constantFrom('z', 'L', 'g'), fc.oneof(indices, fc.constant('')), expr).map(([name, list, rhs]) => `${name}${list} = ${rhs}`);
  const nearMiss = fc.tuple(equation, fc.option(fc.tuple(fc.nat(), fc.constantFrom(...'()[],=+i ')))).map(([eq, typo]) => {
    if (typo === null) return eq;
    const at = typo[0] % eq.length;
    return eq.slice(0, at) + typo[1] + eq.slice(at + 1);
  });
  // And plain strings of the syntax's characters, which are rarely equations but try every order of them.
  const soup = fc.string({ unit: fc.constantFrom(...'z[n,j] = W a(i)+-*·σδ2.'), maxLength: 30 });
  test('either derives or throws a UserError, never another error', () => {
    fc.assert(
      fc.property(fc.oneof(nearMiss, soup), fc.option(fc.constantFrom('a', 'W', 'Q')), (text, wrt) => {
        const error = caught(() => equationDerivationText(text, wrt === null ? undefined : [wrt]));
        if (error !== undefined && !(error instanceof UserError)) throw error;
      }),
      fcOptions(1000),
    );
  });
});

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}
