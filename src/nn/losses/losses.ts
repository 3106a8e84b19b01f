// Every loss by name: the one table an added loss joins, the name list read from it, and the checks of a loss's company.

import type { ActivationName } from '../../ops/activations.js';
import { keysOf } from '../../ops/keys-of.js';
import type { TargetKind } from '../targets.js';
import { crossEntropy } from './cross-entropy.js';
import { huber } from './huber.js';
import type { Loss } from './loss.js';
import { mae } from './mae.js';
import { mse } from './mse.js';
import { sse } from './sse.js';

/** Every loss's record, by the name flags, configs and checkpoints give it. */
export const LOSSES = { mse, sse, 'cross-entropy': crossEntropy, mae, huber } as const satisfies Readonly<Record<string, Loss>>;

/** Losses; each averages its per-sample C over the batch. */
export type LossName = keyof typeof LOSSES;

/** Every loss's name, in the table's order. */
export const LOSS_NAMES = keysOf(LOSSES);

/** How a caller spells the settings a loss check names: the command line's flags, or train()'s config fields. */
export interface LossSettingNames {
  readonly loss: string;
  readonly output: string;
  readonly taskRegression: string;
}

/** The command line's spelling, the default. */
export const LOSS_FLAG_NAMES: LossSettingNames = { loss: '--loss', output: '--output', taskRegression: '--task regression' };

/** Throws unless the loss can follow this output activation (cross-entropy is softmax cross-entropy). */
export function checkLossOutput(loss: LossName, output: ActivationName, names: LossSettingNames = LOSS_FLAG_NAMES): void {
  const needs = LOSSES[loss].output;
  if (needs !== undefined && output !== needs) {
    throw new RangeError(`${names.loss} ${loss} is ${needs} ${loss} and needs ${names.output} ${needs} (got ${names.output} ${output})`);
  }
}

/** Throws unless the loss takes targets of this kind: class labels, or numeric values. */
export function checkLossTargets(loss: LossName, kind: TargetKind, names: LossSettingNames = LOSS_FLAG_NAMES): void {
  if (LOSSES[loss].targets.includes(kind)) return;
  if (kind === 'classes') throw new RangeError(`${names.loss} ${loss} compares numeric targets and takes no class labels: use it with ${names.taskRegression}`);
  const numeric = LOSS_NAMES.filter((name) => LOSSES[name].targets.includes('values'));
  throw new RangeError(`${names.loss} ${loss} takes class labels only, not numeric targets: with ${names.taskRegression} use ${numeric.join(', ')}`);
}
