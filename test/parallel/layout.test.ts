import { describe, expect, it } from 'vitest';
import { EVALUATION_ROWS, EvalSet, EvalStat, REGION_ALIGN, layoutRegions, planLayout } from '../../src/parallel/layout.js';

describe('planLayout', () => {
  const sizes = { paramCount: 1001, shards: 5, claims: 3, depth: 1, items: 13, storeRows: 12, sampleCount: 33, featureCount: 9, testCount: 7, validationCount: 5, optimizerBuffers: ['m', 'v'], threads: 3,
    scratchBytes: 1000, firstOutputs: 6, outputs: 4, targets: 'classes' as const };

  it('every region starts on a 128-byte boundary and no two regions overlap', () => {
    const layout = planLayout(sizes, 4 * REGION_ALIGN);
    const spans = layoutRegions(layout).map(({ region, bytes }) => [region.byteOffset, region.byteOffset + bytes] as const).sort((a, b) => a[0] - b[0]);
    for (const [start] of spans) expect(start % REGION_ALIGN).toBe(0);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
    expect(spans[spans.length - 1][1]).toBeLessThanOrEqual(4 * REGION_ALIGN + layout.bytes);
    expect(layout.optimizer.v.length).toBe(1001);
  });

  it('shifting the base shifts every region by the same amount', () => {
    const a = planLayout(sizes, 0);
    const b = planLayout(sizes, 1280);
    expect(b.bytes).toBe(a.bytes);
    expect(layoutRegions(b).map(({ region }) => region.byteOffset - 1280)).toEqual(layoutRegions(a).map(({ region }) => region.byteOffset));
  });

  it('targets take the label regions for classes and the value regions for values (outputs a row), the other none; each held-out set its own copies', () => {
    const classes = planLayout(sizes, 0);
    expect([classes.labels.length, classes.values.length]).toEqual([33, 0]);
    expect(classes.evalLabels.map((r) => r.length)).toEqual([7, 5]);
    expect(classes.evalValues.map((r) => r.length)).toEqual([0, 0]);
    const values = planLayout({ ...sizes, targets: 'values', testCount: 2 * EVALUATION_ROWS + 1 }, 0);
    expect([values.labels.length, values.values.length]).toEqual([0, 33 * 4]);
    expect(values.evalValues[EvalSet.test].length).toBe((2 * EVALUATION_ROWS + 1) * 4);
    expect(values.evalOutputs.map((r) => r.length)).toEqual([(2 * EVALUATION_ROWS + 1) * 4, 5 * 4]);
    expect(values.evalStats.map((r) => r.length)).toEqual([3 * EvalStat.count, EvalStat.count]);
  });
});
