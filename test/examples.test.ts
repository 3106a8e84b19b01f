// The examples in examples/ compiled as a strict user project against the packed package, and run, so that they cannot rot.

import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { einpropJson, speciesCsv } from './support/built-einprop.js';
import { type PackedProject, STRICT_CONSUMER, packedProject } from './support/packed-einprop.js';

const examples = join(packageRoot, 'examples');
let project: PackedProject;

beforeAll(() => {
  project = packedProject();
  for (const name of readdirSync(examples).filter((file) => file.endsWith('.ts'))) copyFileSync(join(examples, name), join(project.dir, name));
  project.compile(STRICT_CONSUMER);
});
afterAll(() => project.remove());

/** Runs the compiled example `name` with `args`; its stdout. */
function example(name: string, args: readonly string[] = []): string {
  return project.run(process.execPath, [join('out', `${name}.js`), ...args], { timeout: 60_000 }).stdout;
}

describe('examples/', () => {
  it('every example type-checks as a strict project against the packed package (compiled before these tests)', () => {
    expect(readdirSync(join(project.dir, 'out')).sort()).toEqual(['einsum-and-derive.js', 'load-checkpoint.js', 'regression.js', 'train-on-arrays.js']);
  });

  it('train-on-arrays trains, predicts, saves and opens its model again', () => {
    const out = example('train-on-arrays');
    expect(out).toMatch(/^trained 10 epochs, test accuracy \d+\.\d%$/m);
    expect(out).toContain("predicted: [ 'setosa', 'versicolor', 'virginica' ]");
    expect(out).toMatch(/saved to .* and opened again: the same predictions/);
  });

  it('load-checkpoint predicts with a model the command line saved', () => {
    const table = speciesCsv(join(project.dir, 'species.csv'), 90);
    const model = join(project.dir, 'species.safetensors');
    einpropJson(['train', '--data', table, '--target', 'species', '--ignore', 'id', '--epochs', '5', '--threads', '1', '--save', model]);
    const out = example('load-checkpoint', [model, '1,3,1.5,0.3', '3,2,5.5,2.3']);
    expect(out).toMatch(/^classification model, layers 4,256,128,3, relu hidden layers, softmax output$/m);
    expect(out).toMatch(/^1,3,1\.5,0\.3 -> setosa \(setosa [\d.]+%, versicolor [\d.]+%, virginica [\d.]+%\)$/m);
    expect(out).toMatch(/^3,2,5\.5,2\.3 -> virginica /m);
  });

  it('einsum-and-derive contracts, binds and derives', () => {
    const out = example('einsum-and-derive');
    expect(out).toContain('A·B = [ 4, 5, 10, 11 ] shape [ 2, 2 ]');
    expect(out).toContain('bound: [ 4, 5, 10, 11 ]');
    expect(out).toContain('batched: [ 2, 2, 2 ]');
    expect(out).toContain('simplified: δ[j,k] a[n,l]');
  });

  it('regression fits a linear target, reports its validation RMSE, and opens its saved model again', () => {
    const out = example('regression');
    expect(out).toMatch(/^validation RMSE after 30 epochs: \d+\.\d{3}$/m);
    expect(out).toMatch(/R² (0\.9\d\d|1\.000)/);
    expect(out).toContain('saved and opened again: the same values');
  });
});
