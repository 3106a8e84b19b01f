// einprop check through the built executable: a passing default network, a table per tensor, and a failure that exits 1.

import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/cli/check.js';
import { GRADCHECK_TOLERANCE } from '../../src/nn/error-meter.js';
import { einprop, einpropJson } from '../support/built-einprop.js';

interface Checked {
  name: string;
  shape: number[];
  checked: number;
  max_abs_error: number;
  max_rel_error: number;
  failures: number;
  passed: boolean;
}

interface Report {
  passed: boolean;
  layers: number[];
  parameters: Checked[];
  jacobians: Checked[];
}

describe('einprop check', () => {
  it('passes on the default network, comparing every parameter of each tensor and each activation’s Jacobian', () => {
    const report = einpropJson(['check']) as Report;
    expect(report.passed).toBe(true);
    expect(report.layers).toEqual([8, 6, 4]);
    expect(report.parameters.map((t) => [t.name, t.shape, t.checked])).toEqual([
      ['layers.0.weight', [6, 8], 48],
      ['layers.0.bias', [6], 6],
      ['layers.1.weight', [4, 6], 24],
      ['layers.1.bias', [4], 4],
    ]);
    expect(report.jacobians.map((t) => [t.name, t.shape, t.checked])).toEqual([
      ['relu ∂a/∂z', [6, 6], 36],
      ['softmax ∂a/∂z', [4, 4], 16],
    ]);
    for (const t of [...report.parameters, ...report.jacobians]) {
      expect(t).toMatchObject({ passed: true, failures: 0 });
      expect(t.max_abs_error).toBeLessThanOrEqual(1e-5);
    }
  });

  it('checks a network whose loss compares numeric targets (mae, huber) on numeric targets', () => {
    for (const loss of ['mae', 'huber'] as const) {
      const model = { layers: [5, 4, 3], activation: 'tanh', output: 'identity', loss, init: 'xavier', huberDelta: 0.7 } as const;
      const report = runChecks({ model: { ...model, layers: [...model.layers] }, seed: 3, samples: 4, perTensor: 64, tolerance: GRADCHECK_TOLERANCE });
      expect(report.parameters.filter((t) => !t.passed)).toEqual([]);
      expect(report.loss).toBe(loss);
    }
  });

  it('prints a row per tensor under a header, and "passed"; exit 0', () => {
    const run = einprop(['check', '--layers', '5,4,3,2', '--activation', 'tanh', '--output', 'sigmoid', '--loss', 'mse']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    const rows = (header: string): string[][] => {
      const at = lines.findIndex((line) => line.startsWith(header));
      const table: string[][] = [];
      for (let i = at + 1; i < lines.length && lines[i] !== ''; i++) table.push(lines[i].split(/\s{2,}/));
      return table;
    };
    expect(rows('tensor').map((cells) => [cells[0], cells.at(-1)])).toEqual(
      ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias', 'layers.2.weight', 'layers.2.bias'].map((name) => [name, 'pass']),
    );
    expect(rows('Jacobian').map((cells) => cells[0])).toEqual(['tanh ∂a/∂z', 'sigmoid ∂a/∂z']);
    expect(lines.at(-1)).toBe('passed');
  });

  it('samples --per-tensor parameters of a large tensor, and all of a small one', () => {
    const report = einpropJson(['check', '--layers', '40,30,3', '--per-tensor', '16', '--samples', '2']) as Report;
    expect(report.parameters.map((t) => t.checked)).toEqual([16, 16, 16, 3]);
    expect(report.passed).toBe(true);
  });

  it('fails with exit 1 and one line naming the tensors when the tolerances are zero (finite differences are never exact)', () => {
    const run = einprop(['check', '--atol', '0', '--rtol', '0', '--json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.passed).toBe(false);
    const failed = [...report.parameters, ...report.jacobians].filter((t) => !t.passed).map((t) => t.name);
    expect(failed).toContain('layers.0.weight');
    expect(run.stderr).toBe(`einprop: gradient check failed: ${failed.join(', ')} differ from finite differences by more than 0 + 0·|numeric|\n`);
  });

  it('usage errors exit 2 with one line naming the flag', () => {
    for (const [args, message] of [
      [['check', '--step', '0'], 'einprop: --step must be a number at least 1e-12, got 0\n'],
      [['check', '--step', '1e-300'], 'einprop: --step must be a number at least 1e-12, got 1e-300\n'],
      [['check', '--per-tensor', '1.5'], 'einprop: --per-tensor must be a positive integer, got 1.5\n'],
      [['check', '--layers', '8'], 'einprop: --layers needs at least two widths (inputs and outputs), got "8"\n'],
      [['check', '--output', 'sigmoid'], 'einprop: --loss cross-entropy is softmax cross-entropy and needs --output softmax (got --output sigmoid)\n'],
    ] as [string[], string][]) {
      expect(einprop(args)).toEqual({ status: 2, stdout: '', stderr: message });
    }
    const unknown = einprop(['check', '--epochs', '3']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^einprop: unknown flag --epochs \(see einprop check --help\)\n$/);
  });
});
