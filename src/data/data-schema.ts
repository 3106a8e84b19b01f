// What a model keeps of the data it was trained on besides the numbers: the labels of its outputs and its table's columns.

import { outputClasses } from './class-labels.js';
import type { Task } from './dataset.js';
import { type TableLayout, parseTableLayout } from './table-layout.js';

/** The meaning of a model's outputs and inputs, stored in its checkpoint. */
export interface DataSchema {
  /** The original label of each output, in output order (`setosa`, `3`, `-1`); none in regression, whose outputs are the target columns. */
  readonly classes: readonly string[];
  /** The training table's layout, or null for image data (MNIST, IDX). */
  readonly table: TableLayout | null;
}

/**
 * The schema stored as JSON values `classes` and `table` (undefined where a checkpoint has no such
 * key: a model saved before they were kept, whose outputs are their own labels 0..outputs−1; and a
 * regression model, which has no classes). `fail` names the bad key.
 */
export function parseDataSchema(classes: unknown, table: unknown, outputs: number, fail: (what: string) => never, task: Task = 'classification'): DataSchema {
  let labels: readonly string[] = task === 'regression' ? [] : outputClasses(outputs);
  if (classes !== undefined && task === 'regression') return fail('metadata "classes" names classes, but the model is a regression model');
  if (classes !== undefined) {
    const items: readonly unknown[] = Array.isArray(classes) ? classes : [];
    const texts = items.filter((item): item is string => typeof item === 'string');
    if (!Array.isArray(classes) || texts.length !== items.length || new Set(texts).size !== texts.length) {
      return fail('metadata "classes" is not a list of distinct class labels (strings)');
    }
    if (texts.length !== outputs) return fail(`metadata "classes" names ${texts.length} classes, but the model has ${outputs} outputs`);
    labels = texts;
  }
  const layout = table === undefined || table === null ? null : parseTableLayout(table);
  if (table !== undefined && table !== null && layout === null) return fail('metadata "table" is not a table layout (columns, target, ignore, names)');
  return { classes: labels, table: layout };
}

