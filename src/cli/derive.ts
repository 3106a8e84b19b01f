// `einprop derive`: print the tensor-calculus derivation of a dense layer (or of a typed equation).

import type { Argv, CommandModule } from 'yargs';
import { equationDerivationText, layerDerivationText } from '../calculus/derivation.js';
import { LOSSES, LOSS_NAMES, type LossName } from '../nn/losses/losses.js';
import { ACTIVATION_NAMES, type ActivationName } from '../ops/activations.js';

/** The flags of `einprop derive` (all optional, so that the command also fits a plain `CommandModule[]`). */
export interface DeriveArgs {
  activation?: ActivationName;
  loss?: LossName;
  expr?: string;
  wrt?: string[];
  json?: boolean;
}

/** `einprop derive --activation <name> [--loss <name>]`, or `einprop derive --expr "z[n,j] = W[j,i] a[n,i] + b[j]" [--wrt W]`. */
export const deriveCommand: CommandModule<{}, DeriveArgs> = {
  command: 'derive',
  describe: "print a dense layer's Jacobians (with deltas, then simplified) and the backward einsums derived from them",
  builder: (yargs: Argv<{}>): Argv<DeriveArgs> =>
    yargs
      .option('activation', { choices: ACTIVATION_NAMES, default: 'sigmoid' as ActivationName, describe: 'the layer’s activation' })
      .option('loss', { choices: LOSS_NAMES, describe: 'also derive the output layer’s ∂C/∂z for this loss' })
      .option('expr', { type: 'string', describe: 'derive this index equation instead, e.g. "z[n,j] = W[j,i] a[n,i] + b[j]"' })
      .option('wrt', { type: 'string', array: true, describe: 'with --expr: the tensors to derive by (default: all it reads)' })
      .option('json', { type: 'boolean', describe: 'print one JSON object, {"derivation": <the text as one string>}, on stdout instead of the text' })
      .conflicts('expr', 'loss')
      .check((argv) => {
        if (argv.wrt !== undefined && argv.expr === undefined) throw new Error('--wrt needs --expr');
        return true;
      }),
  handler: (argv) => {
    const text = argv.expr !== undefined ? equationDerivationText(argv.expr, argv.wrt) : layerDerivationText({ activation: argv.activation ?? 'sigmoid', loss: argv.loss === undefined ? undefined : LOSSES[argv.loss] });
    process.stdout.write(argv.json === true ? `${JSON.stringify({ derivation: text })}\n` : `${text}\n`);
  },
};
