// Chooses the loader for a dataset spec: 'mnist', a table file (CSV, TSV, whitespace; optionally gzip), or IDX files.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { encodeClasses } from './class-labels.js';
import { type ClassificationLoad, type LoadOptions, type RegressionLoad, loadCsv } from './csv.js';
import type { ClassificationDataset, Dataset, RegressionDataset } from './dataset.js';
import { loadIdx } from './load-idx.js';
import { loadMnist } from './mnist.js';
import type { FittedNormalizeName, NormalizeName } from './normalization.js';
import { FLAG_NAMES } from './setting-names.js';
import { integerTarget } from './target-column.js';

/** IDX file names: `….idx`, `….idx3`, `…-ubyte`, each optionally gzipped. */
const IDX_FILE = /(\.idx\d?|-ubyte)(\.gz)?$/i;
/** Table file names: `.csv`, `.tsv`, `.txt`, each optionally gzipped. */
const TABLE_FILE = /\.(csv|tsv|txt)(\.gz)?$/i;

/**
 * Loads 'mnist' (the bundled digits), a table file (`.csv`, `.tsv`, `.txt`, optionally `.gz`; read as
 * `options` say), or an IDX folder or file; anything else is a UserError. The classes are the data's
 * own, or `options.classes` when given (a label that is none of them is an error naming it); in
 * regression (`options.task`) the targets are a table's numbers.
 */
export function loadDataset(spec: string, options?: ClassificationLoad): ClassificationDataset;
export function loadDataset(spec: string, options: RegressionLoad): RegressionDataset;
export function loadDataset(spec: string, options?: LoadOptions): Dataset;
export function loadDataset(spec: string, options: LoadOptions = {}): Dataset {
  if (isTableSpec(spec)) return loadCsv(spec, options);
  const images = spec === 'mnist' ? loadMnist({ names: options.names }) : isIdxSpec(spec) ? loadIdx(spec) : undefined;
  if (images === undefined) {
    throw new UserError(`${spec}: not a dataset (use 'mnist', a .csv, .tsv or .txt file, optionally .gz, or an IDX folder or -ubyte/.idx file)`);
  }
  if (options.task === 'regression') throw new UserError(`${spec}: image data has class labels; ${(options.names ?? FLAG_NAMES).taskRegression} needs a table with numeric target columns`, 2);
  return options.classes === undefined ? images : withClasses(images, options.classes, options.classesAre ?? 'the classes');
}

/** Whether `spec` names a table file, by its name. */
export function isTableSpec(spec: string): boolean {
  return TABLE_FILE.test(spec);
}

/** The normalisation `auto` stands for: per-column `standard` for tables, `max` for images (MNIST, IDX). */
export function resolveNormalize(name: NormalizeName, spec: string): FittedNormalizeName {
  if (name !== 'auto') return name;
  return isTableSpec(spec) ? 'standard' : 'max';
}

/**
 * The spec as a checkpoint should keep it: 'mnist' as it is, a path made absolute, so that a
 * model evaluated from another folder finds the same file rather than one of the same name there.
 */
export function absoluteSpec(spec: string): string {
  return spec === 'mnist' ? spec : resolve(spec);
}

function isIdxSpec(spec: string): boolean {
  return IDX_FILE.test(spec) || (existsSync(spec) && statSync(spec).isDirectory());
}

/** Image data whose labels (its own classes' indices) are re-read as `known` classes. */
function withClasses(data: ClassificationDataset, known: readonly string[], knownAre: string): ClassificationDataset {
  const raw = Int32Array.from(data.labels, (label) => Number(data.classes[label]));
  const { classes, labels } = encodeClasses(integerTarget(raw, 'label'), known, { source: data.source }, knownAre);
  return { ...data, labels, classes, classCount: classes.length };
}
