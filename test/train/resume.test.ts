// Tests of taking up a saved state: the resume point must lie inside the run it continues.

import { describe, expect, it } from 'vitest';
import { checkResumePoint } from '../../src/train/resume.js';
import { userErrorOf } from '../support/user-error.js';

describe('checkResumePoint', () => {
  it('accepts every epoch from 0 to the run\'s epochs (the last: a finished run) and every step inside an epoch', () => {
    for (const epoch of [0, 3, 5]) for (const step of [0, 6]) expect(() => checkResumePoint(epoch, step, 5, 7)).not.toThrow();
  });

  it.each([
    [6, 0, "the resumed state's epoch 6 is not from 0 to the run's 5 epochs"],
    [-1, 0, "the resumed state's epoch -1 is not from 0 to the run's 5 epochs"],
    [1.5, 0, "the resumed state's epoch 1.5 is not from 0 to the run's 5 epochs"],
    [2, 7, "the resumed state's step 7 is not within an epoch of 7 steps (another batch size or training set?)"],
    [2, -1, "the resumed state's step -1 is not within an epoch of 7 steps (another batch size or training set?)"],
  ])('epoch %d, step %d of a 5-epoch run of 7 steps an epoch is refused: %s', (epoch, step, message) => {
    expect(userErrorOf(() => checkResumePoint(epoch, step, 5, 7))).toBe(message);
  });
});
