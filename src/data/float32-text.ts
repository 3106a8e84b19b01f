// A float32 value as the shortest decimal text that reads back as the same float32.

/** The shortest decimal text that parses back to the float32 `value` (`0.1` for fround(0.1), at most 9 significant digits). */
export function shortestFloat32(value: number): string {
  if (Number.isInteger(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(Number(value.toPrecision(9)));
}
