import { describe, expect, it } from 'vitest';
import { Random } from '../../src/tensor/random.js';

describe('Random state', () => {
  it('a saved state restores the same stream', () => {
    const a = new Random(7);
    a.nextUint32();
    const b = Random.fromState(a.state());
    expect([b.nextUint32(), b.nextUint32()]).toEqual([a.nextUint32(), a.nextUint32()]);
  });

  it('a state that is not four unsigned 32-bit integers, or all zeros, is refused rather than bent into another stream', () => {
    for (const state of [[1], [1, 2, 3, 4, 5], [1.5, 2, 3, 4], [-1, 2, 3, 4], [2 ** 32, 2, 3, 4]]) {
      expect(() => Random.fromState(state as unknown as [number, number, number, number])).toThrow('xoshiro128** state must be four unsigned 32-bit integers');
    }
    expect(() => Random.fromState([0, 0, 0, 0])).toThrow('must not be all zero');
  });
});
