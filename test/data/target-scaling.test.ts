// Target scaling: fitted on the training targets, undone exactly enough on the outputs, read back from a checkpoint's JSON only when whole.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRegressionDataset } from '../../src/data/dataset.js';
import { fitTargetScaling, parseTargetScaling, scaledTargets, unscaledOutputs } from '../../src/data/target-scaling.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';

/** Rows of 1–3 targets, each column with values of its own size, and the dataset of them with its fitted standard scaling. */
const targetRows = fc.integer({ min: 1, max: 3 }).chain((width) =>
  fc.array(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: width, maxLength: width }), { minLength: 2, maxLength: 30 }).map((rows) => {
    const targets = Float32Array.from(rows.flat());
    const data = makeRegressionDataset(new Float32Array(rows.length), targets, 1, 't', { targetCount: width });
    return { rows, width, targets, data, scaling: fitTargetScaling(data, 'standard') };
  }),
);

describe('target scaling', () => {
  it('standard scaling gives each target column mean 0 and std 1 on the training rows (a constant column: std 1, values 0)', () => {
    fc.assert(
      fc.property(targetRows, ({ rows, width, data, scaling }) => {
        if (scaling === null) throw new Error('standard scaling fitted nothing');
        const scaled = scaledTargets(scaling, data);
        for (let k = 0; k < width; k++) {
          const column = rows.map((_, r) => scaled[r * width + k]);
          const mean = column.reduce((s, v) => s + v, 0) / column.length;
          const spread = Math.sqrt(column.reduce((s, v) => s + (v - mean) ** 2, 0) / column.length);
          expect(Math.abs(mean)).toBeLessThan(1e-5);
          const constant = rows.every((row) => Math.fround(row[k]) === Math.fround(rows[0][k]));
          if (constant) expect(scaling.std[k]).toBe(1);
          else expect(Math.abs(spread - 1)).toBeLessThan(1e-4);
        }
      }),
      fcOptions(100),
    );
  });

  it('unscaling the scaled targets gives the targets back within float32 rounding', () => {
    fc.assert(
      fc.property(targetRows, ({ rows, width, targets, data, scaling }) => {
        const back = unscaledOutputs(scaling, scaledTargets(scaling, data), rows.length, width);
        for (let i = 0; i < targets.length; i++) expect(Math.abs(back[i] - targets[i])).toBeLessThanOrEqual(1e-6 * (Math.abs(targets[i]) + (scaling?.std[i % width] ?? 1)));
      }),
      fcOptions(100),
    );
  });

  it('none leaves the targets as they are, and the outputs as they are', () => {
    const data = makeRegressionDataset(new Float32Array(2), Float32Array.of(3, 5), 1, 't');
    expect(fitTargetScaling(data, 'none')).toBeNull();
    expect(scaledTargets(null, data)).toBe(data.targets);
    expect(Array.from(unscaledOutputs(null, Float32Array.of(1.5, -2), 2, 1))).toEqual([1.5, -2]);
  });

  it('a stored scaling parses back; one of the wrong width, or a std that is not positive, is a UserError naming where', () => {
    const scaling = { mean: [1, -2], std: [0.5, 3] };
    expect(parseTargetScaling(JSON.parse(JSON.stringify(scaling)), 2, 'm')).toEqual(scaling);
    expect(parseTargetScaling(null, 2, 'm')).toBeNull();
    expect(() => parseTargetScaling(scaling, 3, 'm.safetensors')).toThrow(UserError);
    expect(() => parseTargetScaling({ mean: [0], std: [0] }, 1, 'm.safetensors')).toThrow(/^m\.safetensors: the target scaling is not/);
    expect(() => parseTargetScaling({ mean: [0] }, 1, 'm')).toThrow(UserError);
  });
});
