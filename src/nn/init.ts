// Initial weights: He, Xavier (Glorot), or the blog's uniform-over-fan-out.

import type { Storage } from '../tensor/dtype.js';
import type { Random } from '../tensor/random.js';
import { ACTIVATIONS, type ActivationName } from '../ops/activations.js';
import type { ParameterLayout } from './parameters.js';

/** Weight initialisations. */
export type InitName = 'he' | 'xavier' | 'uniform-fanout';

/** Every initialisation's name, in the order the CLI lists them. */
export const INIT_NAMES = ['he', 'xavier', 'uniform-fanout'] as const satisfies readonly InitName[];

/** The default initialisation for a hidden activation, as its record says: He for the ReLU family, Xavier otherwise. */
export function defaultInit(activation: ActivationName): InitName {
  return ACTIVATIONS[activation].init;
}

/**
 * Fills `params` layer by layer, weights before biases, drawing from `random` in that order:
 * - he: W ~ N(0, 2/fan_in), b = 0;
 * - xavier: W ~ U(−r, r) with r = √(6/(fan_in + fan_out)), b = 0;
 * - uniform-fanout (the blog's): W and b ~ U[0, 1) / fan_out.
 */
export function initialize(init: InitName, layout: ParameterLayout, params: Storage, random: Random): void {
  for (const layer of layout.layers) {
    const { inputs, outputs, weight, bias } = layer;
    const end = weight + outputs * inputs;
    switch (init) {
      case 'he': {
        const std = Math.sqrt(2 / inputs);
        for (let i = weight; i < end; i++) params[i] = std * random.nextNormal();
        params.fill(0, bias, bias + outputs);
        break;
      }
      case 'xavier': {
        const r = Math.sqrt(6 / (inputs + outputs));
        for (let i = weight; i < end; i++) params[i] = r * (2 * random.nextFloat() - 1);
        params.fill(0, bias, bias + outputs);
        break;
      }
      case 'uniform-fanout': {
        for (let i = weight; i < end; i++) params[i] = random.nextFloat() / outputs;
        for (let i = bias; i < bias + outputs; i++) params[i] = random.nextFloat() / outputs;
        break;
      }
    }
  }
}
