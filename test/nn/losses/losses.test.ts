// Every loss record: its loop computes the C of its expression and the ∂C/∂a the calculus derives from it, on each kind of target it takes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/calculus/evaluate.js';
import { ref } from '../../../src/calculus/expr.js';
import { jacobian } from '../../../src/calculus/jacobian.js';
import type { LossParameters } from '../../../src/calculus/output-gradient.js';
import type { PointwiseLoss } from '../../../src/nn/losses/loss.js';
import { LOSSES, LOSS_NAMES, checkLossOutput, checkLossTargets } from '../../../src/nn/losses/losses.js';
import { Network } from '../../../src/nn/network.js';
import { parameterLayout } from '../../../src/nn/parameters.js';
import type { TargetKind } from '../../../src/nn/targets.js';
import { Random } from '../../../src/tensor/random.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { fcOptions } from '../../support/fc.js';

const pointwise = LOSS_NAMES.filter((name) => LOSSES[name].kind === 'pointwise');

/** Predictions and targets of `rows` rows of `outputs`: numeric targets, or class labels written as one-hot rows. */
const batches = fc.record({
  rows: fc.integer({ min: 1, max: 4 }),
  outputs: fc.integer({ min: 1, max: 6 }),
  huberDelta: fc.double({ min: 0.2, max: 3, noNaN: true }),
  scale: fc.double({ min: 0.01, max: 1, noNaN: true }),
  seed: fc.nat(),
});

interface Batch {
  readonly a: Float64Array;
  readonly y: Float64Array;
  readonly rows: number;
  readonly p: LossParameters;
}

function batch({ rows, outputs, huberDelta, seed }: { rows: number; outputs: number; huberDelta: number; seed: number }, kind: TargetKind): Batch {
  const random = new Random(seed);
  const a = Float64Array.from({ length: rows * outputs }, () => 2 * random.nextNormal());
  const y = new Float64Array(rows * outputs);
  for (let r = 0; r < rows; r++) {
    if (kind === 'classes') y[r * outputs + random.nextInt(outputs)] = 1;
    else for (let j = 0; j < outputs; j++) y[r * outputs + j] = 2 * random.nextNormal();
  }
  return { a, y, rows, p: { outputs, huberDelta } };
}

/** Row r of a batch's predictions and targets, as the calculus's values of a[j] and y[j]. */
function row(b: Batch, r: number): { a: Tensor; y: Tensor } {
  const n = b.p.outputs;
  return { a: new Tensor(b.a.slice(r * n, (r + 1) * n), [n]), y: new Tensor(b.y.slice(r * n, (r + 1) * n), [n]) };
}

/** The record's loop over the batch at `scale`: the loss sum and u = scale·∂C/∂a. */
function runLoop(loss: PointwiseLoss, b: Batch, scale: number): { lossSum: number; u: Float64Array } {
  const u = new Float64Array(b.a.length);
  const lossSum = loss.bind(b.a, b.y, u, b.a.length, b.p)(scale);
  return { lossSum, u };
}

const close = (actual: number, expected: number, tolerance = 1e-12): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
};

describe('the pointwise loss records', () => {
  for (const name of pointwise) {
    const loss = LOSSES[name];
    if (loss.kind !== 'pointwise') continue;
    for (const kind of loss.targets) {
      it(`${name} on ${kind}: the loop's loss is Σ_rows C(a, y) of the expression, and its gradient scale·∂C/∂a as the calculus derives it`, () => {
        fc.assert(
          fc.property(batches, (shape) => {
            const b = batch(shape, kind);
            const { lossSum, u } = runLoop(loss, b, shape.scale);
            const expr = loss.expression(ref('a', 'j'), ref('y', 'j'), b.p);
            let total = 0;
            for (let r = 0; r < b.rows; r++) {
              const values = row(b, r);
              total += evaluate(expr, values).get();
              const derived = jacobian(expr, 'a', values).data;
              for (let j = 0; j < b.p.outputs; j++) close(u[r * b.p.outputs + j], shape.scale * derived[j]);
            }
            close(lossSum, total);
          }),
          fcOptions(100),
        );
      });
    }
    it(`${name}: ∂C/∂a derived from the expression equals central differences of C`, () => {
      fc.assert(
        fc.property(batches, (shape) => {
          const b = batch({ ...shape, rows: 1 }, 'values');
          const values = row(b, 0);
          const expr = loss.expression(ref('a', 'j'), ref('y', 'j'), b.p);
          const derived = jacobian(expr, 'a', values).data;
          const h = 1e-6;
          for (let j = 0; j < b.p.outputs; j++) {
            // Central differences across a kink (mae's at a = y) are not a derivative.
            fc.pre(Math.abs(b.a[j] - b.y[j]) > 1e-3);
            const at = (x: number): number => {
              const moved = values.a.contiguous().data.slice();
              moved[j] = x;
              return evaluate(expr, { a: new Tensor(moved, [b.p.outputs]), y: values.y }).get();
            };
            close(derived[j], (at(b.a[j] + h) - at(b.a[j] - h)) / (2 * h), 1e-5);
          }
        }),
        fcOptions(100),
      );
    });
  }

  it("mae's derivative is 0 where a = y, in the loop and as the calculus derives it", () => {
    const b: Batch = { a: Float64Array.from([0.5, -1, 2]), y: Float64Array.from([0.5, 1, 2]), rows: 1, p: { outputs: 3, huberDelta: 1 } };
    const { u } = runLoop(LOSSES.mae, b, 1);
    expect(Array.from(u)).toEqual([0, -1 / 3, 0]);
    const derived = jacobian(LOSSES.mae.expression(ref('a', 'j'), ref('y', 'j'), b.p), 'a', row(b, 0)).data;
    expect(Array.from(derived)).toEqual([0, -1 / 3, 0]);
  });

  it('huber is half the mse where every |a − y| ≤ δ, and its gradient is ±δ/n beyond δ', () => {
    fc.assert(
      fc.property(batches, (shape) => {
        const b = batch(shape, 'values');
        const wide = { ...b, p: { ...b.p, huberDelta: 100 } };
        const huber = runLoop(LOSSES.huber, wide, shape.scale);
        const mse = runLoop(LOSSES.mse, wide, shape.scale);
        close(huber.lossSum, mse.lossSum / 2);
        huber.u.forEach((value, i) => close(value, mse.u[i] / 2));
        const narrow = runLoop(LOSSES.huber, b, shape.scale);
        b.a.forEach((a, i) => {
          const d = a - b.y[i];
          if (Math.abs(d) > b.p.huberDelta) close(narrow.u[i], (Math.sign(d) * b.p.huberDelta * shape.scale) / b.p.outputs);
        });
      }),
      fcOptions(100),
    );
  });
});

describe('what a loss takes', () => {
  it('mae and huber refuse class labels naming --task regression; cross-entropy refuses numeric targets and needs softmax', () => {
    for (const name of ['mae', 'huber'] as const) {
      expect(() => checkLossTargets(name, 'classes')).toThrow(`--loss ${name} compares numeric targets and takes no class labels: use it with --task regression`);
      expect(() => checkLossTargets(name, 'values')).not.toThrow();
    }
    expect(() => checkLossTargets('cross-entropy', 'values')).toThrow('with --task regression use mse, sse, mae, huber');
    for (const name of ['mse', 'sse'] as const) for (const kind of ['classes', 'values'] as const) expect(() => checkLossTargets(name, kind)).not.toThrow();
    expect(() => checkLossOutput('cross-entropy', 'sigmoid')).toThrow('--loss cross-entropy is softmax cross-entropy and needs --output softmax (got --output sigmoid)');
  });

  it('a network with mae refuses class labels in its backward pass, and Huber refuses a δ that is not positive', () => {
    const spec = { widths: [2, 3], activation: 'relu', output: 'identity', loss: 'mae' } as const;
    const network = new Network(spec, new Float64Array(parameterLayout(spec.widths).count), 1, 'float64');
    network.forward(1);
    expect(() => network.backward(Int32Array.from([0]), 0, 1, 1, new Float64Array(9))).toThrow('--task regression');
    expect(() => new Network({ ...spec, loss: 'huber', huberDelta: 0 }, new Float64Array(9), 1, 'float64')).toThrow("Huber's δ must be a positive number, got 0");
  });
});
