// The layers of src/: every import points down the order of folders, and src/parallel is entered through its index.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/**
 * The order of src/'s folders, lowest first: a file may import its own folder, a folder of its
 * rank or a lower one. The files at src/'s root are errors.ts, paths.ts and version.ts (the bottom) and
 * index.ts (the public entry, the top). checkpoint/ (safetensors files, checkpoints, weights from elsewhere) sits
 * above train/, whose config and state it stores; model/ (the library's Model) above it, and cli/ above model/.
 */
const RANK: Readonly<Record<string, number>> = {
  'errors.ts': 0,
  'paths.ts': 0,
  'version.ts': 0,
  tensor: 0,
  kernels: 0,
  einsum: 1,
  ops: 2,
  calculus: 3,
  nn: 4,
  optim: 4,
  data: 4,
  io: 4,
  parallel: 5,
  train: 6,
  export: 7,
  checkpoint: 7,
  model: 8,
  cli: 9,
  'index.ts': 10,
};

/** One import of one file: both as paths below src/ ('nn/loss.ts'), the imported one resolved. */
interface Import {
  readonly from: string;
  readonly to: string;
}

/** The part of a path below src/ that the order ranks: its first folder, or the file at src/'s root. */
function place(path: string): string {
  return path.split('/')[0];
}

/** What is wrong with an import, or undefined: an unknown place, an import up the order, or a way into parallel/ other than its index. */
function violation({ from, to }: Import, parallelIndex: boolean): string | undefined {
  const source = place(from);
  const target = place(to);
  if (RANK[source] === undefined) return `${from}: src/${source} has no place in the order of layers (add it to RANK)`;
  if (RANK[target] === undefined) return `${from} imports ${to}, whose src/${target} has no place in the order of layers`;
  if (source !== target && RANK[target] > RANK[source]) return `${from} imports ${to}: ${source} sits below ${target}`;
  if (parallelIndex && source !== 'parallel' && target === 'parallel' && to !== 'parallel/index.ts') {
    return `${from} imports ${to}: outside code enters src/parallel through src/parallel/index.ts`;
  }
  return undefined;
}

/** Every TypeScript file below `dir`, as paths below src/. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(SRC, join(e.parentPath, e.name)).split('\\').join('/'))
    .filter((path) => !path.startsWith('kernels/assembly/'));
}

/** Import and re-export specifiers, static or dynamic, of a module's text without its comments. */
const SPECIFIER = /\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** The relative imports of a file below src/ (static, type-only, re-exports and dynamic), resolved to paths below src/. */
function importsOf(path: string): Import[] {
  const text = readFileSync(join(SRC, path), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(SPECIFIER)]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => ({ from: path, to: posix.normalize(posix.join(posix.dirname(path), spec)).replace(/\.js$/, '.ts') }));
}

describe('the layers of src/', () => {
  test('no file imports a folder above its own, and outside code enters src/parallel only through its index (when it has one)', () => {
    const parallelIndex = existsSync(join(SRC, 'parallel', 'index.ts'));
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap(importsOf).map((i) => violation(i, parallelIndex)).filter((v) => v !== undefined);
    expect(found).toEqual([]);
  });

  test('the check flags an import up the order, a folder outside it, and a way into parallel/ past its index', () => {
    expect(violation({ from: 'nn/loss.ts', to: 'train/config.ts' }, false)).toMatch(/nn sits below train/);
    expect(violation({ from: 'calculus/rules.ts', to: 'nn/network.ts' }, false)).toMatch(/calculus sits below nn/);
    expect(violation({ from: 'ops/relu.ts', to: 'calculus/expr.ts' }, false)).toMatch(/ops sits below calculus/);
    expect(violation({ from: 'nn/loss.ts', to: 'ops/relu.ts' }, false)).toBeUndefined();
    expect(violation({ from: 'data/csv.ts', to: 'io/atomic-write.ts' }, false)).toBeUndefined();
    expect(violation({ from: 'checkpoint/checkpoint.ts', to: 'cli/options.ts' }, false)).toMatch(/checkpoint sits below cli/);
    expect(violation({ from: 'model/model.ts', to: 'cli/predict.ts' }, false)).toMatch(/model sits below cli/);
    expect(violation({ from: 'cli/predict.ts', to: 'model/model.ts' }, false)).toBeUndefined();
    expect(violation({ from: 'newfolder/x.ts', to: 'errors.ts' }, false)).toMatch(/no place in the order/);
    expect(violation({ from: 'train/trainer.ts', to: 'parallel/seat.ts' }, true)).toMatch(/through src\/parallel\/index\.ts/);
    expect(violation({ from: 'train/trainer.ts', to: 'parallel/seat.ts' }, false)).toBeUndefined();
    expect(violation({ from: 'train/trainer.ts', to: 'parallel/index.ts' }, true)).toBeUndefined();
    expect(violation({ from: 'parallel/executor.ts', to: 'parallel/seat.ts' }, true)).toBeUndefined();
  });
});
