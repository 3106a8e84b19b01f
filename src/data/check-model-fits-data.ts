// The check that a model's input and output widths suit a dataset, before any training starts.

import { UserError } from '../errors.js';
import type { Dataset } from './dataset.js';

/**
 * Throws a UserError naming both numbers unless the first layer takes exactly the data's
 * features and the last layer has at least one output per class. A label too large is named
 * at its row (its line and column for a CSV), so pass whole files rather than parts of a split:
 * the first such row in file order is then the one reported.
 */
export function checkModelFitsData(layers: readonly number[], data: Dataset): void {
  if (layers.length < 2) throw new UserError(`the model needs at least an input and an output layer, got [${layers.join(', ')}]`);
  const inputs = layers[0];
  const outputs = layers[layers.length - 1];
  if (inputs !== data.featureCount) {
    // A CSV without its label column loses its last feature to the label, which the bare counts hide.
    const hint =
      data.lines !== undefined && data.featureCount + 1 === inputs
        ? ' (its last column is read as the label, so a file without a label column looks one feature short)'
        : '';
    throw new UserError(`the model takes ${inputs} inputs, but ${data.source} has ${data.featureCount} features per row${hint}`);
  }
  if (outputs < data.classCount) throw new UserError(labelTooLarge(layers, data));
}

/** The message for a label that needs more outputs than the model's last layer has. */
function labelTooLarge(layers: readonly number[], data: Dataset): string {
  const outputs = layers[layers.length - 1];
  const row = data.labels.findIndex((label) => label >= outputs);
  // A part of a split keeps the whole file's classCount, so its own rows may all fit.
  if (row === -1) {
    return `the model has ${outputs} outputs, but ${data.source} has ${data.classCount} classes (labels 0..${data.classCount - 1})`;
  }
  const where = data.lines === undefined ? `${data.source}, row ${row + 1}` : `${data.source}:${data.lines[row]}:${data.featureCount + 1}`;
  const label = data.labels[row];
  return `${where}: label ${label} needs ${label + 1} outputs, but the model has ${outputs} (its layers are ${layers.join(',')})`;
}
