import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_STEPS, STEADY_SAMPLES, defaultSteps, defaultThreadCounts, measureScaling, measureThroughput, median } from '../../src/train/benchmark.js';
import { smallConfig, syntheticCsv } from '../support/config.js';
import { fcOptions } from '../support/fc.js';

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

describe('defaultThreadCounts', () => {
  it('the default thread counts run from 1 to the core count, ascending, through every power of two up to 16 that fits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 512 }), (cores) => {
        const counts = defaultThreadCounts(cores);
        expect(counts[0]).toBe(1);
        expect(counts[counts.length - 1]).toBe(cores);
        for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThan(counts[i - 1]);
        for (const t of counts.slice(0, -1)) expect(isPowerOfTwo(t) && t <= 16).toBe(true);
        for (const p of [1, 2, 4, 8, 16]) if (p <= cores) expect(counts).toContain(p);
      }),
      fcOptions(200),
    );
  });
});

describe('defaultSteps', () => {
  it('a default epoch is the fewest steps holding STEADY_SAMPLES samples, but never under MIN_STEPS', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 20 }), (batch) => {
        const steps = defaultSteps(batch);
        expect(steps).toBeGreaterThanOrEqual(MIN_STEPS);
        expect(steps * batch).toBeGreaterThanOrEqual(STEADY_SAMPLES);
        if (steps > MIN_STEPS) expect((steps - 1) * batch).toBeLessThan(STEADY_SAMPLES);
      }),
      fcOptions(200),
    );
  });
});

describe('median', () => {
  it('at least half the values lie at or below the median and at least half at or above it', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 25 }), (values) => {
        const m = median(values);
        expect(2 * values.filter((v) => v <= m).length).toBeGreaterThanOrEqual(values.length);
        expect(2 * values.filter((v) => v >= m).length).toBeGreaterThanOrEqual(values.length);
      }),
      fcOptions(200),
    );
  });

  it('does not depend on the order of the values (−0 and +0 are one value: either may come back)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 15 }), fc.nat(), (values, seed) => {
        const rotated = values.map((_, i) => values[(i + seed) % values.length]);
        expect(median(rotated) === median(values)).toBe(true);
      }),
      fcOptions(200),
    );
  });

  it('of an odd count is its middle value; of an even count the mean of the middle two; of none NaN', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('measureThroughput', () => {
  const data = syntheticCsv(200);

  it('measures `repeat` epochs of exactly `steps` steps after the warm-up epoch', async () => {
    const m = await measureThroughput(smallConfig(data, { batchSize: 16 }), 3, 2);
    expect(m.steps).toBe(3);
    expect(m.samples_per_second_each).toHaveLength(2);
    expect(m.samples_per_second).toBeGreaterThan(0);
    expect(m.samples_per_second).toBe(median(m.samples_per_second_each));
    expect(m).toMatchObject({ threads: 1, shards: 1, layers: [64, 16, 10] });
  });

  it('an epoch asked for more steps than the data holds is one pass over the training set', async () => {
    // 200 rows less the 20% test split leave 160: 5 batches of 32.
    const m = await measureThroughput(smallConfig(data, { batchSize: 32 }), 1000, 1);
    expect(m.steps).toBe(5);
  });
});

describe('measureScaling', () => {
  const data = syntheticCsv(200);

  it('runs every cell once per round; speed-up is the median over rounds of the same round’s ratio to one thread', async () => {
    const plan = { threads: [2], batchSizes: [32], repeat: 2, steps: 2 };
    const result = await measureScaling(smallConfig(data), plan);
    expect(result.repeat).toBe(2);
    const [one, two] = result.rows;
    expect([one.threads, two.threads]).toEqual([1, 2]);
    for (const row of result.rows) {
      expect(row.samples_per_second_each).toHaveLength(2);
      expect(row.samples_per_second).toBe(median(row.samples_per_second_each));
    }
    const ratios = two.samples_per_second_each.map((s, r) => s / one.samples_per_second_each[r]);
    expect(two.speedup).toBe(median(ratios));
    expect(one.speedup).toBe(1);
  });
});
