// A training run stopped by its abort signal after some steps, as Ctrl-C stops one: the state it saved.

import type { TrainConfig } from '../../src/train/config.js';
import type { TrainingState } from '../../src/train/state.js';
import { train } from '../../src/train/trainer.js';

/** The state a run of `config` saves when its abort signal comes after `steps` steps. */
export async function interruptedRun(config: TrainConfig, steps: number): Promise<TrainingState> {
  const controller = new AbortController();
  let saved: TrainingState | undefined;
  let done = 0;
  await train(config, {
    logEvery: 1,
    onStep: () => {
      if (++done === steps) controller.abort();
    },
    signal: controller.signal,
    checkpoint: (s) => (saved = s),
  });
  if (saved === undefined) throw new Error('no checkpoint was taken');
  return saved;
}
