// What einprop reads as a number, in a data file or a flag: plain decimal notation and nothing else.

/**
 * A plain decimal number: digits, an optional point and exponent, an optional sign. Not hex,
 * binary or octal, not `Infinity` or `NaN`, not an empty field, all of which Number() would take
 * or turn into 0.
 */
export const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
