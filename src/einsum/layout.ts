// How a buffer is read through index letters: one size and one stride per distinct letter.

/** A strided view of a buffer: the element at index values v is buffer[Σ v[t]·strides[t]], t over `indices`. */
export interface Layout {
  /** Distinct index letters, one per axis of the view. */
  readonly indices: string;
  readonly sizes: readonly number[];
  readonly strides: readonly number[];
}

/** A row-major layout of a fresh buffer holding `indices` (distinct letters). */
export function contiguousLayout(indices: string, sizes: ReadonlyMap<string, number>): Layout {
  const dims = [...indices].map((letter) => sizeOfIndex(sizes, letter));
  const strides = new Array<number>(dims.length);
  let stride = 1;
  for (let axis = dims.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= dims[axis];
  }
  return { indices, sizes: dims, strides };
}

/**
 * The view of a row-major operand through its index group.
 * NOTE: a repeated letter is a diagonal: its axes collapse into one whose stride is the sum of theirs.
 */
export function operandLayout(group: string, sizes: ReadonlyMap<string, number>): Layout {
  const rowMajor = contiguousLayout(group, sizes);
  let indices = '';
  const dims: number[] = [];
  const strides: number[] = [];
  for (let axis = 0; axis < group.length; axis++) {
    const t = indices.indexOf(group[axis]);
    if (t >= 0) {
      strides[t] += rowMajor.strides[axis];
    } else {
      indices += group[axis];
      dims.push(rowMajor.sizes[axis]);
      strides.push(rowMajor.strides[axis]);
    }
  }
  return { indices, sizes: dims, strides };
}

/** The number of elements a layout spans as a fresh buffer: the product of its sizes. */
export function layoutSize(layout: Layout): number {
  let n = 1;
  for (const d of layout.sizes) n *= d;
  return n;
}

/** The size of index `letter`. */
export function sizeOfIndex(sizes: ReadonlyMap<string, number>, letter: string): number {
  const size = sizes.get(letter);
  if (size === undefined) throw new Error(`einsum: no size for index '${letter}'`);
  return size;
}

/** The stride of `letter` in `layout`, or 0 when the layout lacks it (a broadcast). */
export function strideOf(layout: Layout, letter: string): number {
  const t = layout.indices.indexOf(letter);
  return t < 0 ? 0 : layout.strides[t];
}

/**
 * The single stride with which the letters of `group`, taken in that order as one flattened row-major index,
 * address `layout`; null when they cannot be merged without a copy. A group of total size 1 has stride 1.
 */
export function mergedStride(layout: Layout, group: string): number | null {
  let stride = 0;
  let span = 1;
  for (let t = group.length - 1; t >= 0; t--) {
    const axis = layout.indices.indexOf(group[t]);
    if (axis < 0) throw new Error(`einsum: index '${group[t]}' is not in the view '${layout.indices}'`);
    const size = layout.sizes[axis];
    if (size === 1) continue;
    if (span === 1) stride = layout.strides[axis];
    else if (layout.strides[axis] !== stride * span) return null;
    span *= size;
  }
  return span === 1 ? 1 : stride;
}
