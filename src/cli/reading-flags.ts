// How predict and eval read a table of rows for a saved model: --delimiter and --header over the model's own settings, in its training table's layout.

import type { Options } from 'yargs';
import { labelLastLayout } from '../data/table-layout.js';
import type { DelimiterName, HeaderMode, TableOptions } from '../data/table-options.js';
import { delimiterName } from './data-flags.js';
import { choice } from './flag-values.js';
import { flagChoices, trainingOptions } from './flag-definitions.js';
import { type SavedModel, inputWidth } from './model-file.js';
import type { FlagSource } from './options.js';

/** The yargs definitions of --delimiter and --header for predict and eval: train's, defaulting to the model's. */
export const readingFlagOptions = {
  delimiter: { ...trainingOptions.delimiter, defaultDescription: "the model's (auto: detected)" },
  header: { ...trainingOptions.header, defaultDescription: "the model's (auto)" },
} as const satisfies Record<string, Options>;

/** How `predict` and `eval` read a table when they are told otherwise than the model's settings. */
export interface ReadingFlags {
  readonly delimiter?: DelimiterName;
  readonly header?: HeaderMode;
}

/** The --delimiter and --header given to predict or eval (on the command line, or in predict's --config file). */
export function readingFlags(flag: FlagSource): ReadingFlags {
  const delimiter = flag('delimiter');
  const header = flag('header');
  return {
    ...(delimiter === undefined ? {} : { delimiter: delimiterName(delimiter) }),
    ...(header === undefined ? {} : { header: choice(header, flagChoices.header) }),
  };
}

/**
 * How to read a table of rows for `model`: the delimiter and header `reading` gives, else the model's own;
 * the columns laid out as its training table's (label last, for weights alone), with or without its targets (`targetNeeded`).
 */
export function modelTableOptions(model: SavedModel, reading: ReadingFlags, targetNeeded: boolean): Pick<TableOptions, 'delimiter' | 'header' | 'like'> {
  const width = inputWidth(model);
  return {
    delimiter: reading.delimiter ?? model.config?.delimiter,
    header: reading.header ?? model.config?.header,
    like: { layout: model.schema.table ?? labelLastLayout(width), featureCount: width, targetNeeded },
  };
}
