import { describe, expect, it } from 'vitest';
import { Meter } from '../../src/train/meter.js';

describe('Meter', () => {
  it('overhead is step time outside the critical path; imbalance is the critical path beyond the mean thread', () => {
    const meter = new Meter();
    meter.add(64, 10, 50, 0.004, { critical: 0.003, mean: 0.0025, bySlot: Float64Array.of(0.003, 0.002), moved: 0 });
    meter.add(64, 6, 60, 0.006, { critical: 0.005, mean: 0.0045, bySlot: Float64Array.of(0.004, 0.005), moved: 1 });
    expect(meter.samplesPerSecond).toBeCloseTo(128 / 0.01, 6);
    expect(meter.overheadMicros).toBeCloseTo(1000, 6);
    expect(meter.imbalanceMicros).toBeCloseTo(500, 6);
    expect(meter.loss).toBe(16 / 128);
    expect(meter.accuracy).toBe(110 / 128);
  });

  it('each thread’s shard time is its mean per step, by slot; moved claims are a mean per step', () => {
    const meter = new Meter();
    meter.add(64, 10, 50, 0.004, { critical: 0.003, mean: 0.0025, bySlot: Float64Array.of(0.003, 0.002), moved: 0 });
    meter.add(64, 6, 60, 0.006, { critical: 0.005, mean: 0.0045, bySlot: Float64Array.of(0.004, 0.005), moved: 1 });
    expect(meter.threadMicros.map((us) => Math.round(us))).toEqual([3500, 3500]);
    expect(meter.movedPerStep).toBe(0.5);
  });

  it('threads that take equally long wait for nobody: imbalance 0', () => {
    const meter = new Meter();
    meter.add(32, 1, 1, 0.002, { critical: 0.0015, mean: 0.0015, bySlot: Float64Array.of(0.0015, 0.0015), moved: 0 });
    expect(meter.imbalanceMicros).toBe(0);
  });

  it('reports zeros, not NaN, before any step', () => {
    const meter = new Meter();
    expect(meter.overheadMicros).toBe(0);
    expect(meter.imbalanceMicros).toBe(0);
    expect(meter.samplesPerSecond).toBe(0);
    expect(meter.threadMicros).toEqual([]);
    expect(meter.movedPerStep).toBe(0);
  });
});
