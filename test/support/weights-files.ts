// Weights-only safetensors files as other tools write them: einprop's, nn.Sequential's or a module's names, any float dtype, no metadata.

import { float16Value } from '../../src/checkpoint/half-float.js';
import { type SafetensorsEntry, type TensorValues, safetensor } from '../../src/checkpoint/safetensors-entry.js';
import type { SafetensorsFile } from '../../src/checkpoint/safetensors.js';
import type { LayerState } from '../../src/train/state.js';

/** The float dtypes a weights file may hold. */
export type FloatDType = 'F32' | 'F64' | 'F16' | 'BF16';

/**
 * How a file names its layers: einprop's `layers.{i}.`, nn.Sequential's `{k}.` at the given indices
 * (activations between leave gaps), or a module's `{prefix}{k}.` (`net.0.`, `fc1.`, `model.layers.0.`).
 */
export type Naming =
  | { readonly scheme: 'einprop' }
  | { readonly scheme: 'sequential'; readonly indices: readonly number[] }
  | { readonly scheme: 'prefixed'; readonly prefix: string; readonly indices: readonly number[] };

/** nn.Sequential's indices for `count` Linear layers with one activation between each: 0, 2, 4, … */
export function sequentialIndices(count: number): number[] {
  return Array.from({ length: count }, (_, i) => 2 * i);
}

/** The file's name of layer `i`'s tensor `part`. */
export function tensorName(naming: Naming, i: number, part: 'weight' | 'bias'): string {
  switch (naming.scheme) {
    case 'einprop':
      return `layers.${i}.${part}`;
    case 'sequential':
      return `${naming.indices[i]}.${part}`;
    case 'prefixed':
      return `${naming.prefix}${naming.indices[i]}.${part}`;
  }
}

/** A weights-only file (no metadata) holding `layers` under `naming`, every tensor in `dtype` (F16 and BF16 need values they hold exactly). */
export function weightsOnlyFile(layers: readonly LayerState[], dtype: FloatDType, naming: Naming): SafetensorsFile {
  const tensors = new Map<string, SafetensorsEntry>();
  layers.forEach((layer, i) => {
    tensors.set(tensorName(naming, i, 'weight'), safetensor(dtype, [layer.outputs, layer.inputs], encode(dtype, layer.weight)));
    tensors.set(tensorName(naming, i, 'bias'), safetensor(dtype, [layer.outputs], encode(dtype, layer.bias)));
  });
  return { tensors, metadata: {} };
}

/** `values` rounded to multiples of 2^−7 in (−2, 2): values that F16 and BF16 (and F32, F64) hold exactly. */
export function halfExact(values: Float32Array): Float32Array {
  const limit = 255 / 128;
  return values.map((v) => Math.max(-limit, Math.min(limit, Math.round(v * 128) / 128)));
}

/** The values in `dtype`'s typed array; throws if a 16-bit dtype cannot hold one exactly. */
export function encode(dtype: FloatDType, values: Float32Array): TensorValues {
  switch (dtype) {
    case 'F32':
      return values;
    case 'F64':
      return Float64Array.from(values);
    case 'BF16':
      return Uint16Array.from(values, (v) => {
        const bits = new Uint32Array(Float32Array.of(v).buffer)[0];
        if ((bits & 0xffff) !== 0) throw new RangeError(`encode: ${v} is not exact in bfloat16`);
        return bits >>> 16;
      });
    case 'F16':
      return Uint16Array.from(values, (v) => {
        const bits = float16Bits().get(Object.is(v, -0) ? '-0' : String(v));
        if (bits === undefined) throw new RangeError(`encode: ${v} is not exact in binary16`);
        return bits;
      });
  }
}

let float16Table: Map<string, number> | undefined;

/** Each finite binary16 value (as text, −0 as '-0') to its bit pattern. */
function float16Bits(): Map<string, number> {
  if (float16Table === undefined) {
    float16Table = new Map();
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = float16Value(bits);
      if (Number.isFinite(value)) float16Table.set(Object.is(value, -0) ? '-0' : String(value), bits);
    }
  }
  return float16Table;
}
