// A target column as the reader keeps it: each cell as a number (while all are numbers) and as a code for its text.

/** Distinct texts kept per target column; past this it holds no class labels (a continuous value, or an id). */
export const MAX_LEVELS = 1 << 16;

/** One target column of a table's rows, for classes (its texts) or for regression (its numbers). */
export interface TargetColumn {
  /** Its header cell, or its 0-based index as text. */
  readonly name: string;
  /** Its 0-based index in the file. */
  readonly column: number;
  /** Each row's value, or null when some cell is not a number. */
  readonly numbers: Float64Array | null;
  /** Each row's index into `levels`, or null when the column has more than MAX_LEVELS distinct texts. */
  readonly codes: Int32Array | null;
  /** The distinct cell texts, in order of first appearance (null with `codes`). */
  readonly levels: readonly string[] | null;
  /** The row of the first cell that is not a number, or −1. */
  readonly firstText: number;
  /** How many cells are not numbers. */
  readonly textCells: number;
}

/** Collects one target column's cells, row by row. */
export class TargetCells {
  private numbers: Float64Array | null;
  private codes: Int32Array | null;
  private levels: string[] | null = [];
  private readonly index = new Map<string, number>();
  private firstText = -1;
  private textCells = 0;
  /** The last row set, so that a row set again (a chunk cut it and it was read anew) counts once. */
  private lastRow = -1;

  constructor(
    private readonly name: string,
    private readonly column: number,
    capacity: number,
  ) {
    this.numbers = new Float64Array(capacity);
    this.codes = new Int32Array(capacity);
  }

  /** Row `row`'s cell: its text, and its value (NaN when it is not a number). A row may be set again with the same cell. */
  set(row: number, text: string, value: number): void {
    if (Number.isNaN(value) && row !== this.lastRow) this.textCells++;
    this.lastRow = row;
    if (this.numbers !== null) {
      if (Number.isNaN(value)) {
        this.numbers = null;
        this.firstText = row;
      } else {
        this.numbers[row] = value;
      }
    }
    if (this.codes === null || this.levels === null) return;
    let code = this.index.get(text);
    if (code === undefined) {
      if (this.levels.length === MAX_LEVELS) {
        this.codes = null;
        this.levels = null;
        return;
      }
      code = this.levels.length;
      this.levels.push(text);
      this.index.set(text, code);
    }
    this.codes[row] = code;
  }

  /** Room for `capacity` rows, keeping those set. */
  grow(capacity: number): void {
    if (this.numbers !== null) {
      const numbers = new Float64Array(capacity);
      numbers.set(this.numbers);
      this.numbers = numbers;
    }
    if (this.codes !== null) {
      const codes = new Int32Array(capacity);
      codes.set(this.codes);
      this.codes = codes;
    }
  }

  /** The column of the first `count` rows. */
  result(count: number): TargetColumn {
    return {
      name: this.name,
      column: this.column,
      numbers: this.numbers === null ? null : this.numbers.subarray(0, count),
      codes: this.codes === null ? null : this.codes.subarray(0, count),
      levels: this.levels,
      firstText: this.firstText,
      textCells: this.textCells,
    };
  }
}

/** A column of integer labels (an IDX label file's) as a target column named `name`. */
export function integerTarget(values: ArrayLike<number>, name: string): TargetColumn {
  const cells = new TargetCells(name, 0, values.length);
  for (let r = 0; r < values.length; r++) cells.set(r, String(values[r]), values[r]);
  return cells.result(values.length);
}
