// A safetensors tensor of floats as float32 values, converted from F64, F16 or BF16, every value finite.

import type { SafetensorsEntry } from './safetensors-entry.js';
import { valuesOf } from './safetensors-entry.js';
import { decodeBfloat16, decodeFloat16 } from './half-float.js';

/** The float element types a model's tensors may have; F64 rounds to nearest float32, F16 and BF16 are exact. */
export const FLOAT_DTYPES = ['F32', 'F64', 'F16', 'BF16'] as const;

/**
 * The elements of `entry` (one of FLOAT_DTYPES) as float32. `fail` is told, naming the tensor `name`,
 * of any other dtype and of the first value that is not finite: a NaN or ±Infinity in the file, or
 * an F64 beyond float32's range (about ±3.4e38), which would round to ±Infinity.
 */
export function float32Values(entry: SafetensorsEntry, name: string, fail: (what: string) => never): Float32Array {
  const raw = valuesOf(entry);
  let values: Float32Array;
  if (entry.dtype === 'F32' && raw instanceof Float32Array) values = raw;
  else if (entry.dtype === 'F64' && raw instanceof Float64Array) values = Float32Array.from(raw);
  else if (entry.dtype === 'F16' && raw instanceof Uint16Array) decodeFloat16(raw, (values = new Float32Array(raw.length)));
  else if (entry.dtype === 'BF16' && raw instanceof Uint16Array) decodeBfloat16(raw, (values = new Float32Array(raw.length)));
  else return fail(`tensor "${name}" is ${entry.dtype}; a model's tensors are floats: ${FLOAT_DTYPES.join(', ')}`);
  const bad = firstNonFinite(values);
  if (bad < 0) return values;
  // An F64 shows the value the file holds, which may be finite but too large for float32.
  const held = raw instanceof Float64Array ? raw[bad] : values[bad];
  const beyond = Number.isFinite(held) ? ", beyond float32's range" : '';
  return fail(`tensor "${name}" holds ${held} at element ${bad}${beyond}; a model's values must be finite`);
}

/** The index of the first NaN or ±Infinity, or −1. */
export function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}
