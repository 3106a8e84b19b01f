import { describe, expect, it } from 'vitest';
import type { ContenderResult } from '../../../bench/peers/contender-result.js';
import { summarize, threadSpeedup } from '../../../bench/peers/summarize.js';

function run(overrides: Partial<ContenderResult>): ContenderResult {
  return { contender: 'tfjs-cpu', threads: 1, samplesPerSecond: 100, steps: 63, complete: true, testAccuracy: 0.9, trainLoss: 0.5, library: 'tfjs', notes: [], ...overrides };
}

describe('summarize', () => {
  it('takes accuracy from full runs only, counts the partial ones, and keeps the rounds order', () => {
    const results = [
      run({ samplesPerSecond: 600 }),
      run({ contender: 'einprop-1', samplesPerSecond: 30_000, notes: ['8 shards', '8 shards'] }),
      run({ samplesPerSecond: 700, complete: false, testAccuracy: null, steps: 50 }),
      run({ samplesPerSecond: 650, complete: false, testAccuracy: null, steps: 50 }),
    ];
    const [einprop, cpu] = summarize(results);
    expect(einprop.contender).toBe('einprop-1');
    expect(einprop.notes).toEqual(['8 shards']);
    expect(cpu.runs).toBe(3);
    expect(cpu.medianSamplesPerSecond).toBe(650);
    expect([cpu.minSamplesPerSecond, cpu.maxSamplesPerSecond]).toEqual([600, 700]);
    expect(cpu.accuracies).toEqual([0.9]);
    expect(cpu.partialSteps).toEqual([50, 50]);
  });
});

describe('threadSpeedup', () => {
  it('pairs the k-th einprop-1 and einprop-all runs (one round) and takes the median of their ratios', () => {
    const results = [
      run({ contender: 'einprop-1', samplesPerSecond: 100 }),
      run({ contender: 'einprop-all', samplesPerSecond: 180 }),
      run({ samplesPerSecond: 5 }),
      run({ contender: 'einprop-1', samplesPerSecond: 50 }),
      run({ contender: 'einprop-all', samplesPerSecond: 100 }),
      run({ contender: 'einprop-1', samplesPerSecond: 200 }),
      run({ contender: 'einprop-all', samplesPerSecond: 380 }),
    ];
    expect(threadSpeedup(results)).toEqual({ median: 1.9, min: 1.8, max: 2, rounds: 3, ratios: [1.8, 2, 1.9] });
    expect(threadSpeedup(results.filter((r) => r.contender !== 'einprop-all'))).toBeNull();
  });
});
