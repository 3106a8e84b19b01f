// The rows of a table's bytes, chunk by chunk, into a float32 feature matrix and target columns; every error at file:line:column.

import { UserError } from '../errors.js';
import { type CellPlace, badFeatureCell, isMissing, missingTarget } from './bad-cell.js';
import { DECIMAL } from './decimal.js';
import { type DelimiterCode, WHITESPACE, sampleRows } from './sample-rows.js';
import type { SettingNames } from './setting-names.js';
import { IGNORED, type TableColumns } from './table-columns.js';
import { TargetCells, type TargetColumn } from './target-column.js';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const MINUS = 0x2d;
const POINT = 0x2e;
const ZERO = 0x30;
const UPPER_E = 0x45;
const LOWER_E = 0x65;

/** 10^0 … 10^22: every one exact in float64. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Significant digits a float64 mantissa holds exactly (10^15 < 2^53). */
const EXACT_DIGITS = 15;

/** What the parser has read: the rows' features, targets and lines. */
export interface ParsedRows {
  readonly count: number;
  /** `count × featureCount` values, row-major. */
  readonly features: Float32Array;
  readonly targets: readonly TargetColumn[];
  /** The 1-based line each row starts on. */
  readonly lines: Int32Array;
}

/**
 * Parses rows from successive chunks of a table's bytes. `parse` reads the whole rows of a chunk and
 * returns where the first one it could not finish starts, so the caller carries those bytes over
 * to the next chunk; the last chunk is parsed to its end. Rows go into arrays sized for `capacity`
 * rows (grown only when a file holds more rows than line ends, through quoted line ends and a mix of CR and LF).
 * NOTE: a chunk ends at `end`, not at the buffer's end: the bytes past it are stale, so every look
 * one byte ahead checks `end` first.
 */
export class TableParser {
  private readonly roles: Int32Array;
  private readonly columns: number;
  private readonly featureCount: number;
  private readonly names: readonly string[] | null;
  private readonly whitespace: boolean;
  /** Whether a tab is a blank around cells (it is not when it is the delimiter). */
  private readonly tabIsBlank: boolean;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly targets: TargetCells[];
  private features: Float32Array;
  private lines: Int32Array;
  private capacity: number;
  private count = 0;
  /** The 1-based line of the byte the parser is at. */
  private line = 1;
  /** Whether the next row is the header, to be skipped. */
  private headerNext: boolean;
  /** The text of the last quoted cell, unquoted. */
  private text = '';

  constructor(
    columns: TableColumns,
    private readonly delimiter: DelimiterCode,
    capacity: number,
    private readonly source: string,
    /** How a message about a column that is not numeric names the target and ignore settings. */
    private readonly settingNames: SettingNames,
  ) {
    this.roles = columns.roles;
    this.columns = columns.roles.length;
    this.featureCount = columns.featureCount;
    this.names = columns.names;
    this.whitespace = delimiter === WHITESPACE;
    this.tabIsBlank = delimiter !== TAB;
    this.headerNext = columns.header;
    this.capacity = Math.max(capacity, 1);
    this.features = new Float32Array(this.capacity * this.featureCount);
    this.lines = new Int32Array(this.capacity);
    this.targets = [];
    for (let j = 0; j < this.columns; j++) {
      const role = this.roles[j];
      if (role < IGNORED) this.targets[-2 - role] = new TargetCells(columns.names === null ? String(j) : columns.names[j], j, this.capacity);
    }
  }

  /** The rows read so far. */
  result(): ParsedRows {
    const count = this.count;
    return {
      count,
      features: this.features.subarray(0, count * this.featureCount),
      targets: this.targets.map((target) => target.result(count)),
      lines: this.lines.subarray(0, count),
    };
  }

  /**
   * Reads the rows of `bytes[start, end)`; returns where the first unfinished row starts (`end`
   * when none is). With `final` the chunk ends the file, so its last row ends there too.
   */
  parse(bytes: Uint8Array, start: number, end: number, final: boolean): number {
    let p = start;
    for (;;) {
      let q = p;
      while (q < end && this.isBlank(bytes[q])) q++;
      if (q === end) return final ? end : p;
      const b = bytes[q];
      if (b === LF || b === CR) {
        if (b === CR && q + 1 === end && !final) return p;
        p = b === CR && q + 1 < end && bytes[q + 1] === LF ? q + 2 : q + 1;
        this.line++;
        continue;
      }
      const line = this.line;
      const next = this.headerNext ? this.skipRow(bytes, p, end, final) : this.row(bytes, p, end, final);
      if (next < 0) {
        this.line = line;
        return p;
      }
      this.headerNext = false;
      p = next;
    }
  }

  /** Parses the row at `p`; returns where the next line starts, or −1 when the chunk cuts the row short. */
  private row(bytes: Uint8Array, p: number, end: number, final: boolean): number {
    if (this.count === this.capacity) this.grow();
    const rowLine = this.line;
    const base = this.count * this.featureCount;
    const roles = this.roles;
    const columns = this.columns;
    const features = this.features;
    const delimiter = this.delimiter;
    const whitespace = this.whitespace;
    let column = 0;
    for (;;) {
      while (p < end && this.isBlank(bytes[p])) p++;
      // The common cell: a plain number of at most 15 significant digits, then the delimiter (in a
      // whitespace table, a blank) or the line's end, read in one scan. Its value is Number(text)'s: the
      // exact mantissa scaled by an exact power of ten in one correctly rounded operation (Clinger's fast
      // path). Anything else (more digits, quotes, text, a target) goes to `cell`, which reads it with Number().
      let done = false;
      if (column < columns && roles[column] >= 0) {
        let q = p;
        let negative = false;
        if (q < end && (bytes[q] === MINUS || bytes[q] === PLUS)) negative = bytes[q++] === MINUS;
        let mantissa = 0;
        let significant = 0;
        let scale = 0;
        let digits = 0;
        while (q < end) {
          const d = bytes[q] - ZERO;
          if (d < 0 || d > 9) break;
          if (mantissa !== 0 || d !== 0) significant++;
          mantissa = mantissa * 10 + d;
          digits++;
          q++;
        }
        if (q < end && bytes[q] === POINT) {
          q++;
          while (q < end) {
            const d = bytes[q] - ZERO;
            if (d < 0 || d > 9) break;
            if (mantissa !== 0 || d !== 0) significant++;
            mantissa = mantissa * 10 + d;
            scale--;
            digits++;
            q++;
          }
        }
        if (q < end && (bytes[q] === LOWER_E || bytes[q] === UPPER_E)) {
          q++;
          let exponentNegative = false;
          if (q < end && (bytes[q] === MINUS || bytes[q] === PLUS)) exponentNegative = bytes[q++] === MINUS;
          let exponent = 0;
          let exponentDigits = 0;
          while (q < end) {
            const d = bytes[q] - ZERO;
            if (d < 0 || d > 9) break;
            exponent = exponent * 10 + d;
            exponentDigits++;
            q++;
          }
          // No digits, or too many to be exact: `cell` reads it.
          if (exponentDigits === 0 || exponentDigits > 3) digits = 0;
          scale += exponentNegative ? -exponent : exponent;
        }
        const numberEnd = q;
        while (q < end && (bytes[q] === SPACE || (bytes[q] === TAB && this.tabIsBlank))) q++;
        if (digits > 0 && significant <= EXACT_DIGITS && scale >= -22 && scale <= 22 && q < end) {
          const b = bytes[q];
          if (b === LF || b === CR || (whitespace ? q > numberEnd : b === delimiter)) {
            const magnitude = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
            const value = negative ? -magnitude : magnitude;
            const stored = Math.fround(value);
            if (stored - stored === 0) {
              features[base + roles[column]] = value;
              p = q;
              done = true;
            }
          }
        }
      }
      if (!done) {
        p = this.cell(bytes, p, end, final, column, base);
        if (p < 0) return -1;
      }
      column++;
      if (whitespace) while (p < end && this.isBlank(bytes[p])) p++;
      if (p === end) {
        if (!final) return -1;
        break;
      }
      const b = bytes[p];
      if (b === LF || b === CR) {
        if (b === CR && p + 1 === end && !final) return -1;
        p = b === CR && p + 1 < end && bytes[p + 1] === LF ? p + 2 : p + 1;
        this.line++;
        break;
      }
      if (!whitespace) p++;
    }
    if (column !== columns) {
      throw new UserError(`${this.source}:${rowLine}:${Math.min(column, columns) + 1}: expected ${columns} columns, found ${column}`);
    }
    this.lines[this.count] = rowLine;
    this.count++;
    return p;
  }

  /**
   * Reads any cell starting at `p` (quoted, text, a target, past the last column) into its place;
   * returns where it ends (at the delimiter, line end or end of chunk), or −1 when the chunk cuts it short.
   */
  private cell(bytes: Uint8Array, p: number, end: number, final: boolean, column: number, base: number): number {
    const delimiter = this.delimiter;
    const whitespace = this.whitespace;
    const cellStart = p;
    let cellEnd = p;
    const quoted = p < end && bytes[p] === QUOTE;
    if (quoted) {
      p = this.quoted(bytes, p, end, final);
      if (p < 0) return -1;
      if (!whitespace) while (p < end && this.isBlank(bytes[p])) p++;
      if (p < end && !isCellEnd(bytes[p], delimiter, whitespace)) {
        throw new UserError(`${this.source}:${this.line}:${column + 1}: text after the closing quote of a quoted cell`);
      }
    } else {
      while (p < end && !isCellEnd(bytes[p], delimiter, whitespace)) p++;
      cellEnd = p;
      while (cellEnd > cellStart && this.isBlank(bytes[cellEnd - 1])) cellEnd--;
    }
    if (p === end && !final) return -1;
    if (column >= this.columns) return this.tooManyColumns(bytes, cellStart, end, this.line);
    const role = this.roles[column];
    if (role === IGNORED) return p;
    const text = quoted ? this.text.trim() : this.decoder.decode(bytes.subarray(cellStart, cellEnd));
    if (role < IGNORED) {
      this.target(-2 - role, text, column);
      return p;
    }
    const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
    const stored = Math.fround(value);
    if (!(stored - stored === 0)) throw badFeatureCell(text, this.place(column), this.settingNames);
    this.features[base + role] = value;
    return p;
  }

  /** Reads the quoted cell opening at `p` into `text`; returns where it closes (past the quote), or −1 when the chunk cuts it short. */
  private quoted(bytes: Uint8Array, p: number, end: number, final: boolean): number {
    const opened = this.line;
    let from = p + 1;
    let q = from;
    let text = '';
    for (;;) {
      if (q >= end) {
        if (!final) return -1;
        throw new UserError(`${this.source}:${opened}: a quote opened on this line is never closed`);
      }
      const b = bytes[q];
      if (b === QUOTE) {
        if (q + 1 === end && !final) return -1;
        text += this.decoder.decode(bytes.subarray(from, q));
        if (q + 1 === end || bytes[q + 1] !== QUOTE) {
          this.text = text;
          return q + 1;
        }
        text += '"';
        q += 2;
        from = q;
        continue;
      }
      if (b === LF || (b === CR && (q + 1 === end || bytes[q + 1] !== LF))) this.line++;
      q++;
    }
  }

  /**
   * Passes over the header row at `p` (its cells were read from the sample); returns where the next line starts,
   * or −1 when the row runs past the chunk. Quotes are read as the cells are: one opens a quoted cell only at the
   * cell's start, and inside it a doubled quote is a quote; a quote elsewhere is a character.
   */
  private skipRow(bytes: Uint8Array, p: number, end: number, final: boolean): number {
    let lines = 0;
    let quoted = false;
    let cellStart = true;
    for (; p < end; p++) {
      const b = bytes[p];
      if (quoted) {
        if (b === QUOTE) {
          if (p + 1 === end && !final) return -1;
          if (p + 1 < end && bytes[p + 1] === QUOTE) p++;
          else quoted = false;
        } else if (b === LF || (b === CR && (p + 1 === end || bytes[p + 1] !== LF))) lines++;
        continue;
      }
      if (b === LF || b === CR) {
        if (b === CR && p + 1 === end && !final) return -1;
        this.line += lines + 1;
        return b === CR && p + 1 < end && bytes[p + 1] === LF ? p + 2 : p + 1;
      }
      if (b === QUOTE && cellStart) quoted = true;
      else if (isCellEnd(b, this.delimiter, this.whitespace)) cellStart = true;
      else if (!this.isBlank(b)) cellStart = false;
    }
    if (!final) return -1;
    this.line += lines;
    return end;
  }

  private isBlank(b: number): boolean {
    return b === SPACE || (b === TAB && this.tabIsBlank);
  }

  /** Sets target `t`'s cell of the current row; an empty or missing one is an error. */
  private target(t: number, text: string, column: number): void {
    if (isMissing(text)) throw missingTarget(text, this.place(column));
    const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
    this.targets[t].set(this.count, text, value);
  }

  /** Where the current row's cell in `column` is. */
  private place(column: number): CellPlace {
    return { at: `${this.source}:${this.line}:${column + 1}`, name: this.names === null ? null : this.names[column], column, firstRow: this.count === 0 };
  }

  /** Throws the error for a row with more cells than the table has columns, counting them. */
  private tooManyColumns(bytes: Uint8Array, cellStart: number, end: number, rowLine: number): never {
    let lineEnd = cellStart;
    while (lineEnd < end && bytes[lineEnd] !== LF && bytes[lineEnd] !== CR) lineEnd++;
    const rest = sampleRows(this.decoder.decode(bytes.subarray(cellStart, lineEnd)), this.delimiter, 1, true);
    const found = this.columns + (rest.length === 0 ? 1 : rest[0].cells.length);
    throw new UserError(`${this.source}:${rowLine}:${this.columns + 1}: expected ${this.columns} columns, found ${found}`);
  }

  /** Room for more rows than the line ends promised. */
  private grow(): void {
    const capacity = Math.ceil(this.capacity * 1.25) + 1024;
    const features = new Float32Array(capacity * this.featureCount);
    features.set(this.features);
    const lines = new Int32Array(capacity);
    lines.set(this.lines);
    this.features = features;
    this.lines = lines;
    for (const target of this.targets) target.grow(capacity);
    this.capacity = capacity;
  }
}

/** Whether `b` ends an unquoted cell. */
function isCellEnd(b: number, delimiter: DelimiterCode, whitespace: boolean): boolean {
  return b === LF || b === CR || (whitespace ? b === SPACE || b === TAB : b === delimiter);
}
