// The check that a model's input and output widths suit a dataset, before any training starts.

import { UserError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { FLAG_NAMES, type SettingNames } from './setting-names.js';

/** Classes a message lists before it says "…". */
const LISTED_CLASSES = 10;

/**
 * Throws a UserError naming both numbers unless the first layer takes exactly the data's features
 * and the last layer has exactly one output per class (in regression: per target); `names` spell the hidden widths' setting.
 */
export function checkModelFitsData(layers: readonly number[], data: Dataset, names: SettingNames = FLAG_NAMES): void {
  if (layers.length < 2) throw new UserError(`the model needs at least an input and an output layer, got [${layers.join(', ')}]`);
  const inputs = layers[0];
  const outputs = layers[layers.length - 1];
  if (inputs !== data.featureCount) {
    throw new UserError(`the model takes ${inputs} inputs, but ${data.source} has ${data.featureCount} features per row (its layers are ${layers.join(',')})`);
  }
  const hidden = `${names.hidden} sets the widths between and leaves these to the data`;
  if (data.task === 'regression') {
    if (outputs === data.targetCount) return;
    throw new UserError(
      `the model has ${outputs} outputs, but ${data.source} has ${data.targetCount} target${data.targetCount === 1 ? '' : 's'} (${data.targetNames.join(', ')}); ` +
        `its last layer needs one output per target (its layers are ${layers.join(',')}; ${hidden})`,
    );
  }
  if (outputs !== data.classCount) {
    const shown = data.classes.slice(0, LISTED_CLASSES).join(', ');
    const classes = data.classCount > LISTED_CLASSES ? `${shown}, …` : shown;
    throw new UserError(
      `the model has ${outputs} outputs, but ${data.source} has ${data.classCount} classes (${classes}); ` +
        `its last layer needs one output per class (its layers are ${layers.join(',')}; ${hidden})`,
    );
  }
}
