// `einprop derive`: the command parses its flags and prints the derivation the calculus module builds.

import { Writable } from 'node:stream';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { layerDerivationText } from '../../src/calculus/derivation.js';
import { deriveCommand } from '../../src/cli/derive.js';
import { runCli } from '../../src/cli/run-cli.js';
import { LOSSES } from '../../src/nn/losses/losses.js';

/** Runs `einprop` with the derive command only; returns the exit code, stdout and stderr. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  // yargs prints --help with console.log: that is stdout too.
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    out += `${parts.join(' ')}\n`;
  });
  const stderr = new Writable({
    write(chunk: Buffer, _encoding, done) {
      err += chunk.toString();
      done();
    },
  });
  const code = await runCli(args, stderr, [deriveCommand]);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('einprop derive', () => {
  test('prints the layer derivation for the activation and loss asked for', async () => {
    const { code, out } = await run(['derive', '--activation', 'softmax', '--loss', 'cross-entropy']);
    expect(code).toBe(0);
    expect(out).toBe(`${layerDerivationText({ activation: 'softmax', loss: LOSSES['cross-entropy'] })}\n`);
  });
  test('--loss mae and --loss huber print C and the ∂C/∂a the calculus derives from it', async () => {
    const mae = await run(['derive', '--activation', 'identity', '--loss', 'mae']);
    expect(mae.code).toBe(0);
    expect(mae.out).toContain('  C = Σ_j (1/n) abs(a[j] − y[j])\n  ∂C/∂a[k] = (1/n) abs\'(a[k] − y[k])\n');
    expect(mae.out).toContain("where abs'(x) = sign(x), taken as 0 at x = 0");
    const huber = await run(['derive', '--activation', 'identity', '--loss', 'huber']);
    expect(huber.code).toBe(0);
    expect(huber.out).toContain('  C = Σ_j (1/n) δ² huber((1/δ) (a[j] − y[j]))\n');
    expect(huber.out).toContain("∂C/∂a[k] = (1/n) δ² huber'((1/δ) a[k] − (1/δ) y[k]) (1/δ)");
  });
  test('derives a typed equation by the tensors named with --wrt', async () => {
    const { code, out } = await run(['derive', '--expr', 'z[n,j] = W[j,i] a[n,i] + b[j]', '--wrt', 'W']);
    expect(code).toBe(0);
    expect(out).toContain("einsum('nj,ni->ji', g, a)");
    expect(out).not.toContain('∂L/∂b');
  });
  test('a malformed equation is a one-line usage error naming the position', async () => {
    const { code, err } = await run(['derive', '--expr', 'z[j] = W[j,i a[i]']);
    expect(code).toBe(2);
    expect(err).toMatch(/^einprop: expression "z\[j\] = W\[j,i a\[i\]": .* at position \d+\n$/);
  });
  test('a --wrt naming a tensor the equation does not read is a one-line usage error naming it and the choices', async () => {
    const { code, out, err } = await run(['derive', '--expr', 'z[n,j] = W[j,i] a[n,i] + b[j]', '--wrt', 'Q']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('einprop: --wrt Q: the expression reads no tensor named Q; it reads W, a, b\n');
  });
  test.each([
    { expr: 'z[n,n] = a[n]', what: 'index n of z is repeated on the left at position 5' },
    { expr: 'z[i] = a[i] + a[i,i]', what: 'a is read with 1 index at position 8, then with 2 indices at position 15' },
    { expr: `z[i] = ${'('.repeat(20_000)}a[i]${')'.repeat(20_000)}`, what: 'parentheses nest more than 32 deep at position 40' },
  ])('a bad --expr is a one-line usage error with no error class: $what', async ({ expr, what }) => {
    const { code, err } = await run(['derive', '--expr', expr]);
    expect(code).toBe(2);
    expect(err).toMatch(/^einprop: expression "[^\n]*\n$/);
    expect(err).toContain(`: ${what}\n`);
    expect(err).not.toMatch(/Error|--debug/);
  });
  test('--help describes --json, and --json prints the derivation as one JSON object', async () => {
    const help = await run(['derive', '--help']);
    expect(help.code).toBe(0);
    // yargs wraps the help to the terminal's width.
    expect(help.out.replace(/\s+/g, ' ')).toContain('--json print one JSON object, {"derivation": <the text as one string>}, on stdout instead of the text');
    const { code, out } = await run(['derive', '--expr', 'z[j] = W[j,i] a[i]', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ derivation: (await run(['derive', '--expr', 'z[j] = W[j,i] a[i]'])).out.replace(/\n$/, '') });
  });
  test('an unknown activation is a usage error', async () => {
    const { code, err } = await run(['derive', '--activation', 'swish']);
    expect(code).toBe(2);
    expect(err).toContain('activation');
  });
});
