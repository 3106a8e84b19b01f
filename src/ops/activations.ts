// Every activation by name: the one table an added activation joins, and the name lists read from it.

import type { Activation } from './activation.js';
import { identity } from './identity.js';
import { keysOf } from './keys-of.js';
import { leakyRelu } from './leaky-relu.js';
import { relu } from './relu.js';
import { sigmoid } from './sigmoid.js';
import { softmax } from './softmax.js';
import { tanh } from './tanh.js';

/** Every activation's record, by the name flags, configs and checkpoints give it. */
export const ACTIVATIONS = {
  sigmoid,
  tanh,
  relu,
  'leaky-relu': leakyRelu,
  identity,
  softmax,
} as const satisfies Readonly<Record<string, Activation>>;

/** Activation functions of hidden and output layers. */
export type ActivationName = keyof typeof ACTIVATIONS;

/** Every activation's name, in the table's order: the choices of an output layer. */
export const ACTIVATION_NAMES = keysOf(ACTIVATIONS);

/** The activations hidden layers may use: every one but those whose record types `hidden` as `false` (softmax). */
export type HiddenActivationName = { [K in ActivationName]: (typeof ACTIVATIONS)[K]['hidden'] extends false ? never : K }[ActivationName];

/** The activations hidden layers may use, in the table's order. */
export const HIDDEN_ACTIVATION_NAMES: readonly HiddenActivationName[] = Object.freeze(
  ACTIVATION_NAMES.filter((name): name is HiddenActivationName => ACTIVATIONS[name].hidden),
);
