// The version of einprop that is running, read once from its package.json.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './paths.js';

/** This package's version, e.g. "0.1.0" (recorded in checkpoints and printed by --version). */
export const einpropVersion: string = readVersion();

function readVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
  if (typeof manifest === 'object' && manifest !== null && 'version' in manifest && typeof manifest.version === 'string') return manifest.version;
  throw new Error(`einprop: no version in ${join(packageRoot, 'package.json')}`);
}
