// Chooses the loader for a dataset spec: 'mnist', a CSV file, or IDX files.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { loadCsv } from './csv.js';
import type { Dataset } from './dataset.js';
import { loadIdx } from './load-idx.js';
import { loadMnist } from './mnist.js';

/** IDX file names: `….idx`, `….idx3`, `…-ubyte`, each optionally gzipped. */
const IDX_FILE = /(\.idx\d?|-ubyte)(\.gz)?$/i;

/** Loads 'mnist' (the bundled digits), a `.csv` file, or an IDX folder or file; anything else is a UserError. */
export function loadDataset(spec: string): Dataset {
  if (spec === 'mnist') return loadMnist();
  if (/\.csv$/i.test(spec)) return loadCsv(spec);
  if (IDX_FILE.test(spec) || (existsSync(spec) && statSync(spec).isDirectory())) return loadIdx(spec);
  throw new UserError(`${spec}: not a dataset (use 'mnist', a .csv file, or an IDX folder or -ubyte/.idx file)`);
}

/**
 * The spec as a checkpoint should keep it: 'mnist' as it is, a path made absolute, so that a
 * model evaluated from another folder finds the same file rather than one of the same name there.
 */
export function absoluteSpec(spec: string): string {
  return spec === 'mnist' ? spec : resolve(spec);
}
