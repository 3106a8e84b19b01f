// Contraction paths: every strategy contracts everything, and the optimal one is never beaten.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type ContractionPath, OPTIMAL_LIMIT, findPath, pathCost, pathStrategies, type PathStrategyName, resultIndices } from '../../src/einsum/path.js';
import { fcOptions } from '../support/fc.js';

/** Random index groups (2 to 7 operands over up to 6 letters) with a size per letter and an output. */
const network = fc
  .record({
    letters: fc.uniqueArray(fc.constantFrom(...'abcdefgh'), { minLength: 1, maxLength: 6 }),
    operands: fc.integer({ min: 2, max: 7 }),
  })
  .chain(({ letters, operands }) =>
    fc.record({
      inputs: fc.array(fc.uniqueArray(fc.constantFrom(...letters), { maxLength: 4 }).map((g) => g.join('')), { minLength: operands, maxLength: operands }),
      output: fc.subarray(letters).map((o) => o.join('')),
      sizes: fc.tuple(...letters.map(() => fc.integer({ min: 1, max: 9 }))).map((s) => new Map(letters.map((l, t) => [l, s[t]]))),
    }),
  )
  .map(({ inputs, output, sizes }) => ({ inputs, output: [...output].filter((l) => inputs.join('').includes(l)).join(''), sizes }));

const NAMES = Object.keys(pathStrategies) as PathStrategyName[];

/** Throws unless each pair names two distinct positions of the list as it stands, ending with one operand. */
function checkValid(path: ContractionPath, operands: number): void {
  let length = operands;
  for (const [i, j] of path) {
    if (!(Number.isInteger(i) && Number.isInteger(j) && 0 <= i && i < j && j < length)) throw new Error(`bad pair (${i},${j}) for ${length} operands`);
    length--;
  }
  if (length !== 1) throw new Error(`the path leaves ${length} operands`);
}

describe('contraction paths', () => {
  test('every strategy returns pairs of valid positions that contract all operands into one', () => {
    fc.assert(
      fc.property(network, ({ inputs, output, sizes }) => {
        for (const name of NAMES) checkValid(findPath(inputs, output, sizes, name), inputs.length);
      }),
      fcOptions(100),
    );
  });

  test('the optimal path costs no more than the greedy or the left-to-right path', () => {
    fc.assert(
      fc.property(network, ({ inputs, output, sizes }) => {
        const optimal = pathCost(inputs, output, sizes, findPath(inputs, output, sizes, 'optimal'));
        expect(optimal).toBeLessThanOrEqual(pathCost(inputs, output, sizes, findPath(inputs, output, sizes, 'greedy')));
        expect(optimal).toBeLessThanOrEqual(pathCost(inputs, output, sizes, findPath(inputs, output, sizes, 'naive')));
      }),
      fcOptions(100),
    );
  });

  test('the optimal path costs no more than any path found by random pairing', () => {
    fc.assert(
      fc.property(network, fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), ({ inputs, output, sizes }, picks) => {
        const path: [number, number][] = [];
        for (let length = inputs.length, t = 0; length > 1; length--, t += 2) {
          const i = picks[t] % length;
          const j = (i + 1 + (picks[t + 1] % (length - 1))) % length;
          path.push(i < j ? [i, j] : [j, i]);
        }
        const optimal = pathCost(inputs, output, sizes, findPath(inputs, output, sizes, 'optimal'));
        expect(optimal).toBeLessThanOrEqual(pathCost(inputs, output, sizes, path));
      }),
      fcOptions(100),
    );
  });

  test('greedy: each step contracts the pair of current operands that costs fewest multiplications', () => {
    fc.assert(
      fc.property(network, ({ inputs, output, sizes }) => {
        let list = [...inputs];
        for (const [i, j] of findPath(inputs, output, sizes, 'greedy')) {
          // The cost of one step is pathCost of the one-pair path over the operands as they stand.
          let cheapest = Infinity;
          for (let a = 0; a < list.length; a++) for (let b = a + 1; b < list.length; b++) cheapest = Math.min(cheapest, pathCost(list, output, sizes, [[a, b]]));
          expect(pathCost(list, output, sizes, [[i, j]])).toBe(cheapest);
          list = [...list.filter((_, t) => t !== i && t !== j), resultIndices(list, i, j, output)];
        }
      }),
      fcOptions(100),
    );
  });

  test('greedy, as auto past the limit, does not open a chain with its expensive first pair: A·B is 1000×1000', () => {
    // A[i,j]·B[j,k] with i = k = 1000, j = 10 costs 10⁷; B·C, C·D and D·E cost 10⁵ or less.
    const sizes = new Map([['i', 1000], ['j', 10], ['k', 1000], ['l', 10], ['m', 10], ['n', 10]]);
    const inputs = ['ij', 'jk', 'kl', 'lm', 'mn'];
    expect(inputs.length).toBeGreaterThan(OPTIMAL_LIMIT);
    const path = findPath(inputs, 'in', sizes);
    expect(path[0]).not.toEqual([0, 1]);
    expect(pathCost(inputs, 'in', sizes, path)).toBeLessThan(1_000_000);
    expect(pathCost(inputs, 'in', sizes, findPath(inputs, 'in', sizes, 'naive'))).toBeGreaterThan(10_000_000);
  });

  test(`auto is the optimal path up to ${OPTIMAL_LIMIT} operands and the greedy one beyond`, () => {
    fc.assert(
      fc.property(network, ({ inputs, output, sizes }) => {
        const expected = inputs.length <= OPTIMAL_LIMIT ? 'optimal' : 'greedy';
        expect(findPath(inputs, output, sizes)).toEqual(findPath(inputs, output, sizes, expected));
      }),
      fcOptions(50),
    );
  });

  test('the left-to-right path contracts in operand order: ((A·B)·C)·D', () => {
    expect(findPath(['a', 'b', 'c', 'd'], '', new Map(), 'naive')).toEqual([[0, 1], [0, 2], [0, 1]]);
    expect(findPath(['a', 'b'], '', new Map(), 'naive')).toEqual([[0, 1]]);
    expect(findPath(['a'], '', new Map(), 'naive')).toEqual([]);
  });

  test('a matrix chain is bracketed where the small dimensions are contracted first', () => {
    // A (10×1000) · B (1000×10) · C (10×1000): (AB)C costs 10·1000·10 + 10·10·1000 = 200 000; A(BC) costs 20 000 000.
    const sizes = new Map([['i', 10], ['j', 1000], ['k', 10], ['l', 1000]]);
    const path = findPath(['ij', 'jk', 'kl'], 'il', sizes, 'optimal');
    expect(path).toEqual([[0, 1], [0, 1]]);
    expect(pathCost(['ij', 'jk', 'kl'], 'il', sizes, path)).toBe(200_000);
    expect(findPath(['ij', 'jk', 'kl'], 'il', sizes, 'greedy')).toEqual([[0, 1], [0, 1]]);
  });
});
