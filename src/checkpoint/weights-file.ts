// Weights from elsewhere: the dense layers of a safetensors file without einprop's metadata, as einprop's layers.

import { UserError } from '../errors.js';
import type { LayerState } from '../train/state.js';
import { FLOAT_DTYPES, float32Values } from './float32-values.js';
import type { SafetensorsFile } from './safetensors.js';

/** The layers a weights-only file holds, in order, and the names of their tensors (for messages). */
export interface WeightsFile {
  readonly layers: readonly LayerState[];
  /** Widths, input first: layer 0's inputs, then each layer's outputs. */
  readonly widths: readonly number[];
  /** Per layer, the file's names of its weight and bias tensors. */
  readonly names: readonly { readonly weight: string; readonly bias: string }[];
}

/**
 * A layer's tensor: a prefix that does not end in a digit (empty, `layers.`, `net.`, `fc`, …), the
 * layer's number without leading zeros, then `.weight` or `.bias`.
 */
const LAYER_TENSOR = /^(|.*[^0-9])(0|[1-9][0-9]*)\.(weight|bias)$/;

/** The accepted names, for messages. */
const ACCEPTED = '<prefix><i>.weight and <prefix><i>.bias, one prefix for all';

/**
 * The layers of `file`, read from `path`: each layer a `weight` [outputs, inputs] and a `bias`
 * [outputs] named `<prefix><i>.` with one prefix for every tensor (`layers.`, nn.Sequential's empty
 * one, a module's `net.` or `fc`, …), in the order of i with gaps allowed (activations hold no
 * tensors), float32 or converted from F64, F16 or BF16 (see float32Values). A UserError names the
 * file and the tensor at fault: a name of another form (an extra tensor), two prefixes, a missing
 * weight or bias, a shape that is not [outputs, inputs] and [outputs], or a layer whose inputs are
 * not the outputs of the layer before it.
 */
export function weightsFromFile(file: SafetensorsFile, path: string): WeightsFile {
  const fail = (what: string): never => {
    throw new UserError(`${path}: ${what}`);
  };
  const names = [...file.tensors.keys()].sort();
  if (names.length === 0) return fail(`holds no tensors; weights are named ${ACCEPTED}`);
  const prefix = prefixOf(names, fail);
  const numbers = [...new Set(names.map((name) => name.slice(prefix.length, name.lastIndexOf('.'))))].sort(byNumber);
  const layers: LayerState[] = [];
  const tensorNames: { weight: string; bias: string }[] = [];
  numbers.forEach((number, position) => {
    const weightName = `${prefix}${number}.weight`;
    const biasName = `${prefix}${number}.bias`;
    const weight = file.tensors.get(weightName);
    const bias = file.tensors.get(biasName);
    if (weight === undefined) return fail(`tensor "${weightName}" is missing, beside its bias "${biasName}"`);
    if (bias === undefined) return fail(`tensor "${biasName}" is missing: every layer needs a bias beside its weight "${weightName}"`);
    const [outputs, inputs] = weight.shape;
    if (weight.shape.length !== 2 || outputs === 0 || inputs === 0) {
      fail(`tensor "${weightName}" has shape [${weight.shape.join(', ')}]; a layer's weight is [outputs, inputs], both at least 1`);
    }
    if (bias.shape.length !== 1 || bias.shape[0] !== outputs) fail(`tensor "${biasName}" has shape [${bias.shape.join(', ')}]; the bias of "${weightName}" [${outputs}, ${inputs}] is [${outputs}]`);
    const before = layers[position - 1];
    if (before !== undefined && before.outputs !== inputs) {
      fail(`tensor "${weightName}" is [${outputs}, ${inputs}]: its ${inputs} inputs are not the ${before.outputs} outputs of "${tensorNames[position - 1].weight}" before it`);
    }
    layers.push({ weight: float32Values(weight, weightName, fail), bias: float32Values(bias, biasName, fail), outputs, inputs });
    tensorNames.push({ weight: weightName, bias: biasName });
  });
  return { layers, widths: [layers[0].inputs, ...layers.map((layer) => layer.outputs)], names: tensorNames };
}

/** The one prefix every name has; `fail` names a tensor of another form first, then a tensor of a second prefix. */
function prefixOf(names: readonly string[], fail: (what: string) => never): string {
  const other = names.find((name) => !LAYER_TENSOR.test(name));
  if (other !== undefined) return fail(`tensor "${other}" is not a layer's weight or bias: a weights file holds only ${ACCEPTED} (${FLOAT_DTYPES.join(', ')})`);
  const prefixes = names.map((name) => LAYER_TENSOR.exec(name)?.[1] ?? '');
  const second = prefixes.findIndex((prefix) => prefix !== prefixes[0]);
  if (second !== -1) {
    fail(`tensors "${names[0]}" and "${names[second]}" follow two naming schemes (prefixes "${prefixes[0]}" and "${prefixes[second]}"); a weights file uses one: ${ACCEPTED}`);
  }
  return prefixes[0];
}

/** Orders layer numbers (digits without leading zeros, of any length) by their value: 2 before 10. */
function byNumber(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
