// Binds a parsed spec to operand shapes: the size of every index, after checking that the shapes fit the spec.

import { EinsumError } from './einsum-error.js';
import type { ParsedSpec } from './parse.js';

/** The size of each index letter; throws an EinsumError on a wrong operand count, a wrong rank, or one index with two sizes. */
export function indexSizes(spec: string, parsed: ParsedSpec, shapes: readonly (readonly number[])[]): Map<string, number> {
  const { inputs } = parsed;
  if (shapes.length !== inputs.length) {
    throw new EinsumError(spec, `the spec names ${inputs.length} operand${inputs.length === 1 ? '' : 's'} but ${shapes.length} ${shapes.length === 1 ? 'was' : 'were'} given`);
  }
  const sizes = new Map<string, number>();
  const firstSeen = new Map<string, string>();
  for (const [operand, group] of inputs.entries()) {
    const shape = shapes[operand];
    if (shape.length !== group.length) {
      throw new EinsumError(spec, `operand ${operand} has rank ${shape.length} (shape [${shape.join(', ')}]) but its index group '${group}' names ${group.length} axes`);
    }
    for (let axis = 0; axis < group.length; axis++) {
      const letter = group[axis];
      const size = shape[axis];
      const where = `operand ${operand} axis ${axis}`;
      const known = sizes.get(letter);
      if (known === undefined) {
        sizes.set(letter, size);
        firstSeen.set(letter, where);
      } else if (known !== size) {
        throw new EinsumError(spec, `index '${letter}' has size ${known} in ${firstSeen.get(letter)} but size ${size} in ${where}`);
      }
    }
  }
  return sizes;
}
