// Binds a parsed spec to operand shapes: ellipses written out as letters, each index's size, numpy's broadcasting.

import { EinsumError } from './einsum-error.js';
import { ELLIPSIS, type ParsedSpec } from './parse.js';

/**
 * A spec bound to operand shapes, in letters alone. An operand axis of size 1 whose index is larger
 * elsewhere is a broadcast axis (as in numpy): the operand does not depend on that index, so its
 * group in `inputs` drops the axis. Dropping size-1 axes leaves the row-major addressing of the
 * others unchanged, so the operand's storage is read as it is.
 */
export interface BoundSpec {
  /** Each operand's letter for each axis of its shape, its ellipsis written out. */
  readonly axes: readonly string[];
  /** Each operand's letters less its broadcast axes: the group a plan reads it through. */
  readonly inputs: readonly string[];
  /** The output's letters, its ellipsis written out. */
  readonly output: string;
  /** The size of each letter: the size its axes share, or the one other than 1 where some are 1. */
  readonly sizes: ReadonlyMap<string, number>;
}

/** The letters an ellipsis's axes may take, tried in this order: the rightmost axis gets the first one unused. */
const SPARE_LETTERS = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba';

/**
 * Binds `parsed` to `shapes`. The ellipsis's axes are right-aligned across operands, as numpy's
 * broadcasting aligns them, and take letters the spec does not use; an output without an ellipsis
 * sums them. Throws an EinsumError on a wrong operand count or rank, or sizes that do not broadcast.
 */
export function bindSpec(spec: string, parsed: ParsedSpec, shapes: readonly (readonly number[])[]): BoundSpec {
  const { inputs } = parsed;
  if (shapes.length !== inputs.length) {
    throw new EinsumError(spec, `the spec names ${inputs.length} operand${inputs.length === 1 ? '' : 's'} but ${shapes.length} ${shapes.length === 1 ? 'was' : 'were'} given`);
  }
  const ranks = inputs.map((group, operand) => ellipsisRank(spec, group, shapes[operand], operand));
  const spare = spareLetters(spec, parsed, Math.max(0, ...ranks));
  const axes = inputs.map((group, operand) => group.replace(ELLIPSIS, spare.slice(spare.length - ranks[operand])));
  const ellipsisLetters = new Set(spare);
  const sizes = new Map<string, number>();
  const sizeFrom = new Map<string, string>();
  for (const [operand, group] of axes.entries()) {
    const shape = shapes[operand];
    const own = new Map<string, number>();
    for (let axis = 0; axis < group.length; axis++) {
      const letter = group[axis];
      const size = shape[axis];
      const where = `operand ${operand} axis ${axis}`;
      // A letter repeated within one operand is a diagonal: its axes must have one size, 1 included.
      const diagonal = own.get(letter);
      if (diagonal !== undefined && diagonal !== size) {
        throw new EinsumError(spec, `${describeIndex(letter, ellipsisLetters)} has size ${diagonal} in operand ${operand} axis ${group.indexOf(letter)} but size ${size} in ${where}`);
      }
      own.set(letter, size);
      const known = sizes.get(letter);
      if (known === undefined || (known === 1 && size !== 1)) {
        sizes.set(letter, size);
        sizeFrom.set(letter, where);
      } else if (known !== size && size !== 1) {
        throw new EinsumError(spec, `${describeIndex(letter, ellipsisLetters)} has size ${known} in ${sizeFrom.get(letter)} but size ${size} in ${where} (sizes broadcast only when equal or 1)`);
      }
    }
  }
  const kept = axes.map((group, operand) => [...group].filter((letter, axis) => shapes[operand][axis] !== 1 || sizes.get(letter) === 1).join(''));
  const output = parsed.output.replace(ELLIPSIS, spare);
  return { axes, inputs: kept, output, sizes };
}

/** How many axes the operand's ellipsis covers (0 without one); throws when the rank does not fit the group. */
function ellipsisRank(spec: string, group: string, shape: readonly number[], operand: number): number {
  const letters = group.replace(ELLIPSIS, '').length;
  const described = `operand ${operand} has rank ${shape.length} (shape [${shape.join(', ')}])`;
  if (!group.includes(ELLIPSIS)) {
    if (shape.length !== letters) throw new EinsumError(spec, `${described} but its index group '${group}' names ${letters} axes`);
    return 0;
  }
  if (shape.length < letters) {
    throw new EinsumError(spec, `${described} but its index group '${group.replace(ELLIPSIS, '...')}' names ${letters} axes besides the ellipsis`);
  }
  return shape.length - letters;
}

/** `count` letters the spec does not use, in axis order (the last is the rightmost ellipsis axis's). */
function spareLetters(spec: string, parsed: ParsedSpec, count: number): string {
  if (count === 0) return '';
  const used = new Set(parsed.inputs.join('') + parsed.output);
  const free = [...SPARE_LETTERS].filter((letter) => !used.has(letter));
  if (free.length < count) {
    throw new EinsumError(spec, `the ellipsis covers ${count} axes but only ${free.length} index letters are left unused to name them`);
  }
  return free.slice(0, count).reverse().join('');
}

/** An index as a message names it: a letter of the spec, or an axis of the ellipsis. */
function describeIndex(letter: string, ellipsis: ReadonlySet<string>): string {
  return ellipsis.has(letter) ? "the ellipsis '...'" : `index '${letter}'`;
}
