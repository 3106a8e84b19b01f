// The 16-bit floats of safetensors files: IEEE 754 binary16 (F16) and bfloat16 (BF16), decoded exactly.

/** 2^−24: binary16's smallest subnormal, the weight of one unit of its fraction at the lowest exponent. */
const F16_SUBNORMAL_UNIT = 2 ** -24;

/**
 * The value of a binary16 bit pattern (bits 0..0xffff): 1 sign, 5 exponent (bias 15) and 10
 * fraction bits. Exponent 0 is zero or a subnormal (fraction · 2^−24, no implicit 1); exponent 31
 * is ±Infinity (fraction 0) or NaN. Every value is exact in float32 (and float64).
 */
export function float16Value(bits: number): number {
  const sign = (bits & 0x8000) === 0 ? 1 : -1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * F16_SUBNORMAL_UNIT;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  // (1 + fraction / 2^10) · 2^(exponent − 15), written as an integer times a power of two.
  return sign * (0x400 + fraction) * 2 ** (exponent - 25);
}

/**
 * Decodes bfloat16 bit patterns into `out`: each is the upper half of a float32 (1 sign, 8 exponent,
 * 7 fraction bits), so its float32 bits are the pattern shifted left by 16, subnormals, ±Infinity and NaN included.
 */
export function decodeBfloat16(bits: Uint16Array, out: Float32Array): void {
  if (out.length !== bits.length) throw new RangeError(`decodeBfloat16: ${bits.length} patterns for ${out.length} floats`);
  const words = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < bits.length; i++) words[i] = bits[i] << 16;
}

/** Decodes binary16 bit patterns into `out` (see float16Value). */
export function decodeFloat16(bits: Uint16Array, out: Float32Array): void {
  if (out.length !== bits.length) throw new RangeError(`decodeFloat16: ${bits.length} patterns for ${out.length} floats`);
  for (let i = 0; i < bits.length; i++) out[i] = float16Value(bits[i]);
}
