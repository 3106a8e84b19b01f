// `einprop config`: print the training configuration that the flags and a --config file resolve to, as a config file.

import type { Argv, CommandModule } from 'yargs';
import { runConfigFile, toConfigFile, toRunFlags, toTrainConfig } from './options.js';
import { toGlobalFlags, trainingOptions } from './flag-definitions.js';
import { printResult } from './output.js';

/**
 * Checks the training flags without training and prints them, every default filled in, as the JSON
 * object a --config file holds: `einprop config --epochs 3 > run.json; einprop train --config run.json`.
 */
export const configCommand: CommandModule = {
  command: 'config',
  describe: 'check the training flags and print them, defaults filled in, as a --config JSON file',
  builder: (yargs: Argv) => yargs.options(trainingOptions),
  handler: (argv) => {
    // A --config file may also hold train's run keys (save, resume, metrics, log-every): they are checked and kept.
    const file = { ...toConfigFile(toTrainConfig(argv)), ...runConfigFile(toRunFlags(argv)) };
    printResult(toGlobalFlags(argv).json, file, JSON.stringify(file, null, 2));
  },
};
