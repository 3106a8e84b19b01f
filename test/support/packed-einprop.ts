// The package as a user installs it: `npm pack` of the built tree, unpacked into a fresh project's node_modules, offline.
//
// `npm install <tarball>` needs the registry's metadata for the dependencies even when their tarballs are
// cached, so the project gets einprop from the tarball and each of its declared dependencies as a link
// to this checkout's copy: a file missing from the package, or a dependency missing from its
// package.json, fails there as it would for a user.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { packageRoot } from '../../src/paths.js';

/** A project with the packed einprop installed. */
export interface PackedProject {
  /** The project's folder. */
  readonly dir: string;
  /** The tarball's file paths and its size in bytes, as `npm pack` reports them. */
  readonly packed: { readonly files: readonly string[]; readonly size: number; readonly unpackedSize: number };
  /** Runs `command args` in the project; throws with its output unless it exits 0 within `timeout` ms. */
  run(command: string, args: readonly string[], options?: { readonly timeout?: number; readonly env?: NodeJS.ProcessEnv }): { stdout: string; stderr: string; status: number | null };
  /** Type-checks and compiles the project's TypeScript files (.ts and .cts) with this checkout's tsc and `compilerOptions`; throws with the errors. */
  compile(compilerOptions: Record<string, unknown>): void;
  remove(): void;
}

/** Packs the built package (run `npm run build` first) and installs it into a fresh project whose package.json is `manifest`. */
export function packedProject(manifest: Record<string, unknown> = { type: 'module', private: true }): PackedProject {
  const dir = mkdtempSync(join(tmpdir(), 'einprop-consumer-'));
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: packageRoot, encoding: 'utf8', timeout: 120_000 });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const [report] = JSON.parse(pack.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  const unpacked = join(dir, 'unpacked');
  mkdirSync(unpacked);
  const tar = spawnSync('tar', ['-xzf', join(dir, report.filename), '-C', unpacked]);
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  mkdirSync(join(dir, 'node_modules'));
  renameSync(join(unpacked, 'package'), join(dir, 'node_modules', 'einprop'));
  const own = JSON.parse(readFileSync(join(dir, 'node_modules', 'einprop', 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  // Its declared dependencies, and Node's types for the project's own code.
  for (const name of [...Object.keys(own.dependencies ?? {}), '@types/node']) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(packageRoot, 'node_modules', name), link, 'dir');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  const run: PackedProject['run'] = (command, args, options = {}) => {
    const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', timeout: options.timeout ?? 60_000, env: options.env ?? process.env });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}: ${result.stdout}${result.stderr}`);
    return { stdout: result.stdout, stderr: result.stderr, status: result.status };
  };
  return {
    dir,
    packed: { files: report.files.map((f) => f.path), size: report.size, unpackedSize: report.unpackedSize },
    run,
    compile: (compilerOptions) => {
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts', '*.cts'] }));
      run(process.execPath, [join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir]);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The compiler options of a strict consumer: ESM under `nodenext`, every declaration file checked (no skipLibCheck). */
export const STRICT_CONSUMER = {
  strict: true,
  module: 'nodenext',
  moduleResolution: 'nodenext',
  target: 'es2023',
  lib: ['es2023'],
  types: ['node'],
  skipLibCheck: false,
  outDir: 'out',
} as const;
