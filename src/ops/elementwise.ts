// Every elementwise function the calculus knows, by name: the elementwise activations and the other functions.

import type { ElementwiseActivation } from './activation.js';
import { ACTIVATIONS, ACTIVATION_NAMES, type ActivationName } from './activations.js';
import type { ElementwiseFunction } from './elementwise-function.js';
import { FUNCTIONS } from './functions.js';
import { keysOf } from './keys-of.js';

/** The activations that apply to each element alone (all but softmax). */
export type ElementwiseActivationName = {
  [K in ActivationName]: (typeof ACTIVATIONS)[K] extends ElementwiseActivation ? K : never;
}[ActivationName];

/** The name of an elementwise function. */
export type ElementwiseName = ElementwiseActivationName | keyof typeof FUNCTIONS;

/** True when the activation applies to each element alone. */
export function isElementwiseActivation(name: ActivationName): name is ElementwiseActivationName {
  return ACTIVATIONS[name].kind === 'elementwise';
}

/** Every elementwise function's name: the elementwise activations, then the other functions. */
export const ELEMENTWISE_NAMES: readonly ElementwiseName[] = Object.freeze([
  ...ACTIVATION_NAMES.filter(isElementwiseActivation),
  ...keysOf(FUNCTIONS),
]);

/** True when `name` is one of the functions that are not activations. */
function isFunctionName(name: string): name is keyof typeof FUNCTIONS {
  return Object.hasOwn(FUNCTIONS, name);
}

/** True when `name` is an elementwise function's name. */
export function isElementwiseName(name: string): name is ElementwiseName {
  return (ELEMENTWISE_NAMES as readonly string[]).includes(name);
}

/** The symbol, value and derivative of an elementwise function. */
export function elementwiseFunction(name: ElementwiseName): ElementwiseFunction {
  return isFunctionName(name) ? FUNCTIONS[name] : ACTIVATIONS[name];
}
