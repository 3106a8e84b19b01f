// `npm run docs`: the API reference generated from the doc comments of the built declarations (the build itself is npm test's).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';

const out = mkdtempSync(join(tmpdir(), 'einprop-docs-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs the package binary `bin` of `pkg` with `args` in the package root; its output, or a failure with it. */
function tool(pkg: string, bin: string, args: readonly string[]): string {
  const run = spawnSync(process.execPath, [join(packageRoot, 'node_modules', pkg, 'bin', bin), ...args], { cwd: packageRoot, encoding: 'utf8', timeout: 120_000 });
  expect(run.status, `${bin}: ${run.stdout}${run.stderr}`).toBe(0);
  return run.stdout;
}

describe('the API reference', () => {
  it("is generated from the exports' doc comments: a page for each, its summary the comment's", () => {
    expect(tool('@microsoft/api-extractor', 'api-extractor', ['run', '--local'])).toContain('API Extractor completed successfully');
    tool('@microsoft/api-documenter', 'api-documenter', ['markdown', '-i', join(packageRoot, 'dist', 'api'), '-o', out]);
    const page = (name: string): string => readFileSync(join(out, `einprop.${name}.md`), 'utf8');
    expect(page('train')).toContain('Trains a model on `settings.data`');
    expect(page('model.predict')).toContain("The prediction for each row: a classifier's label");
    expect(page('loadmodel')).toContain('Opens a model file');
    expect(page('defaults')).toContain('What a run uses for a setting it is not given');
    expect(page('einsum')).toContain('einsum');
  });
});
