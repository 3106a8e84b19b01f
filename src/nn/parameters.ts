// Where each layer's weight and bias sit in the one flat parameter buffer.

/** One dense layer's place in the flat parameter (and gradient) buffer. */
export interface LayerSlots {
  readonly inputs: number;
  readonly outputs: number;
  /** Element offset of the weight matrix, [outputs, inputs] row-major. */
  readonly weight: number;
  /** Element offset of the bias vector, [outputs]. */
  readonly bias: number;
}

/** The flat layout of a network's parameters: layer 0's weight, layer 0's bias, layer 1's weight, … */
export interface ParameterLayout {
  readonly layers: readonly LayerSlots[];
  /** Total number of parameters. */
  readonly count: number;
}

/** Lays out the parameters of a network with these widths (input first). */
export function parameterLayout(widths: readonly number[]): ParameterLayout {
  if (widths.length < 2) throw new RangeError(`a network needs at least two widths (input and output); got [${widths.join(', ')}]`);
  const layers: LayerSlots[] = [];
  let offset = 0;
  for (let l = 1; l < widths.length; l++) {
    const inputs = widths[l - 1];
    const outputs = widths[l];
    if (!Number.isInteger(inputs) || inputs < 1 || !Number.isInteger(outputs) || outputs < 1) {
      throw new RangeError(`layer widths must be positive integers; got [${widths.join(', ')}]`);
    }
    layers.push({ inputs, outputs, weight: offset, bias: offset + outputs * inputs });
    offset += outputs * inputs + outputs;
  }
  return { layers, count: offset };
}
