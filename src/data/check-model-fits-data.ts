// The check that a model's input and output widths suit a dataset, before any training starts.

import { UserError } from '../errors.js';
import type { Dataset } from './dataset.js';

/**
 * Throws a UserError naming both numbers unless the first layer takes exactly the data's
 * features and the last layer has at least one output per class.
 */
export function checkModelFitsData(layers: readonly number[], data: Dataset): void {
  if (layers.length < 2) throw new UserError(`the model needs at least an input and an output layer, got [${layers.join(', ')}]`);
  const inputs = layers[0];
  const outputs = layers[layers.length - 1];
  if (inputs !== data.featureCount) {
    throw new UserError(`the model takes ${inputs} inputs, but ${data.source} has ${data.featureCount} features per row`);
  }
  if (outputs < data.classCount) {
    throw new UserError(`the model has ${outputs} outputs, but ${data.source} has ${data.classCount} classes (labels 0..${data.classCount - 1})`);
  }
}
