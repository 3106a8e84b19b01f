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

/** Throws unless the loss can follow this output activation (cross-entropy is softmax cross-entropy). */
export function checkLossOutput(loss: LossName, output: ActivationName): void {
  const needs = LOSSES[loss].output;
  if (needs !== undefined && output !== needs) {
    throw new RangeError(`--loss ${loss} is ${needs} ${loss} and needs --output ${needs} (got --output ${output})`);
  }
}

/** Throws unless the loss takes targets of this kind: class labels, or numeric values. */
export function checkLossTargets(loss: LossName, kind: TargetKind): void {
  if (LOSSES[loss].targets.includes(kind)) return;
  if (kind === 'classes') throw new RangeError(`--loss ${loss} compares numeric targets and takes no class labels: use it with --task regression`);
  const numeric = LOSS_NAMES.filter((name) => LOSSES[name].targets.includes('values'));
  throw new RangeError(`--loss ${loss} takes class labels only, not numeric targets: with --task regression use ${numeric.join(', ')}`);
}
