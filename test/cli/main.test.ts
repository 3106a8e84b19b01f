import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { type Run, einprop as built } from '../support/built-einprop.js';

// These run the built executable, as a user would: `npx tsc -p tsconfig.json` (or `npm run build`) first.
const bin = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

const einprop = (...args: string[]): Run => built(args);

describe('the einprop executable', () => {
  it('is the bin package.json names, and starts with a node shebang', () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { bin: { einprop: string } };
    expect(join(packageRoot, manifest.bin.einprop)).toBe(bin);
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('exits 2 with one line naming the flag for a bad value or an unknown flag', () => {
    const bad = einprop('config', '--batch-size', '0');
    expect(bad).toEqual({ status: 2, stdout: '', stderr: 'einprop: --batch-size must be a positive integer, got 0\n' });
    const unknown = einprop('config', '--batch-sise', '64');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^einprop: unknown flag --batch-sise \(see einprop config --help\)\n$/);
  });

  it('with --json prints exactly one JSON object on stdout and exits 0', () => {
    const ok = einprop('config', '--json', '--layers', '64,16,10', '--optimizer', 'sgd');
    expect(ok.status).toBe(0);
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toMatchObject({ layers: '64,16,10', optimizer: 'sgd', lr: 0.01 });
  });

  it('ends quietly, exit 0, when its reader closes the pipe before the output is written', async () => {
    const child = spawn(process.execPath, [bin, 'derive'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the child has even started Node: its first write finds no reader (EPIPE),
    // however small. Without the handler this test fails with the unhandled error's stack.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('keeps its exit code when stderr has no reader (a closed terminal, a closed pipe) for its message', async () => {
    const child = spawn(process.execPath, [bin, 'config', '--bogus'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
  });
});
