// The range of storage elements a strided matrix touches, for bounds checks and copies.

/** The lowest element index of the rows×cols matrix at `offset` with strides rs, cs (both sizes positive). */
export function spanStart(offset: number, rows: number, cols: number, rs: number, cs: number): number {
  return offset + Math.min(0, (rows - 1) * rs) + Math.min(0, (cols - 1) * cs);
}

/** The highest element index of the rows×cols matrix at `offset` with strides rs, cs (both sizes positive). */
export function spanEnd(offset: number, rows: number, cols: number, rs: number, cs: number): number {
  return offset + Math.max(0, (rows - 1) * rs) + Math.max(0, (cols - 1) * cs);
}
