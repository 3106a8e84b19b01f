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

/** The two naming schemes: einprop's own, and the one `torch.nn.Sequential`'s state_dict gives (activations hold no tensors, so indices have gaps). */
const SCHEMES = [
  { pattern: /^layers\.(0|[1-9][0-9]*)\.(weight|bias)$/, prefix: (i: number) => `layers.${i}`, gapless: true, shown: 'layers.{i}.weight and layers.{i}.bias' },
  { pattern: /^(0|[1-9][0-9]*)\.(weight|bias)$/, prefix: (i: number) => `${i}`, gapless: false, shown: "nn.Sequential's {i}.weight and {i}.bias" },
] as const;

type Scheme = (typeof SCHEMES)[number];

/**
 * The layers of `file`, read from `path`: each layer a `weight` [outputs, inputs] and a `bias`
 * [outputs] under one naming scheme (`layers.{i}.` with i = 0, 1, …, or nn.Sequential's `{i}.`
 * in the order of i), float32 or converted from F64, F16 or BF16 (see float32Values). A UserError
 * names the file and the tensor at fault: a name of neither scheme (an extra tensor), names of both
 * schemes, a missing weight or bias, a gap in `layers.{i}`, a shape that is not [outputs, inputs]
 * and [outputs], or a layer whose inputs are not the outputs of the layer before it.
 */
export function weightsFromFile(file: SafetensorsFile, path: string): WeightsFile {
  const fail = (what: string): never => {
    throw new UserError(`${path}: ${what}`);
  };
  const names = [...file.tensors.keys()].sort();
  if (names.length === 0) return fail(`holds no tensors; weights are named ${SCHEMES.map((s) => s.shown).join(', or ')}`);
  const scheme = schemeOf(names, fail);
  const indices = [...new Set(names.map((name) => Number(scheme.pattern.exec(name)?.[1])))].sort((a, b) => a - b);
  const layers: LayerState[] = [];
  const tensorNames: { weight: string; bias: string }[] = [];
  indices.forEach((index, position) => {
    if (scheme.gapless && index !== position) fail(`tensor "${scheme.prefix(position)}.weight" is missing: the layers are numbered from 0 with no gaps, and ${scheme.prefix(index)} follows ${position === 0 ? 'none' : scheme.prefix(position - 1)}`);
    const weightName = `${scheme.prefix(index)}.weight`;
    const biasName = `${scheme.prefix(index)}.bias`;
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

/** The one scheme every name follows; `fail` names a tensor of neither, or one of each. */
function schemeOf(names: readonly string[], fail: (what: string) => never): Scheme {
  let found: { scheme: Scheme; name: string } | undefined;
  for (const name of names) {
    const scheme = SCHEMES.find((s) => s.pattern.test(name));
    if (scheme === undefined) {
      return fail(`tensor "${name}" is not a layer's weight or bias: a weights file holds only ${SCHEMES.map((s) => s.shown).join(', or ')} (${FLOAT_DTYPES.join(', ')})`);
    }
    if (found !== undefined && found.scheme !== scheme) return fail(`tensors "${found.name}" and "${name}" follow two naming schemes; a weights file uses one`);
    found ??= { scheme, name };
  }
  return found === undefined ? fail('holds no tensors') : found.scheme;
}
