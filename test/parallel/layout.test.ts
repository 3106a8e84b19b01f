import { describe, expect, it } from 'vitest';
import { REGION_ALIGN, planLayout } from '../../src/parallel/layout.js';

describe('planLayout', () => {
  const sizes = { paramCount: 1001, shards: 5, maxPassRows: 14, claimSize: 2, sampleCount: 33, featureCount: 9, testCount: 7, optimizerBuffers: ['m', 'v'], threads: 3, scratchBytes: 1000,
    batchRows: 12, firstOutputs: 6, tilesPerShard: 2 };

  it('every region starts on a 128-byte boundary and no two regions overlap', () => {
    const layout = planLayout(sizes, 4 * REGION_ALIGN);
    const regions = [
      [layout.params, 4], [layout.controlReals, 8], [layout.workerStats, 8], ...layout.shardGrads.map((r) => [r, 4] as const), [layout.optimizer.m, 4], [layout.optimizer.v, 4],
      [layout.features, 4], [layout.labels, 4], [layout.order, 4], [layout.testFeatures, 4], [layout.testLabels, 4], [layout.firstInputs, 4], [layout.firstDeltas, 4], [layout.shardStats, 8], [layout.claimStats, 8], [layout.control, 4], [layout.itemFlags, 4], ...layout.scratch.map((r) => [r, 1] as const),
    ] as const;
    const spans = regions.map(([r, bytes]) => [r.byteOffset, r.byteOffset + r.length * bytes] as const).sort((a, b) => a[0] - b[0]);
    for (const [start] of spans) expect(start % REGION_ALIGN).toBe(0);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
    expect(spans[spans.length - 1][1]).toBeLessThanOrEqual(4 * REGION_ALIGN + layout.bytes);
  });

  it('shifting the base shifts every region by the same amount', () => {
    const a = planLayout(sizes, 0);
    const b = planLayout(sizes, 1280);
    expect(b.bytes).toBe(a.bytes);
    expect(b.shardGrads.map((r) => r.byteOffset - 1280)).toEqual(a.shardGrads.map((r) => r.byteOffset));
  });
});
