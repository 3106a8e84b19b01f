// Parses an einsum spec, numpy's `ij,jk->ik` or `...ij,...jk->...ik`, or the blog's `A *_(ij,jk,ik) B`, into index groups.

import { EinsumError } from './einsum-error.js';

/**
 * A parsed spec: one index group per operand and the output group. Both notations give the same value.
 * A group holds at most one ELLIPSIS, standing for the axes `...` covers (bindSpec writes them out as letters).
 */
export interface ParsedSpec {
  /** The index letters of each operand, one letter per axis (a letter may repeat: a diagonal), and maybe the ELLIPSIS. */
  readonly inputs: readonly string[];
  /** The index letters of the result, one per axis, none repeated, and maybe the ELLIPSIS. */
  readonly output: string;
}

/** How a parsed group writes numpy's `...`: one character, which is no index letter. */
export const ELLIPSIS = '.';

/** Parses `spec`; throws an EinsumError that names the position or index at fault. */
export function parseSpec(spec: string): ParsedSpec {
  const parsed = spec.includes('*') ? parseProductNotation(spec) : parseNumpyNotation(spec);
  checkOutput(spec, parsed);
  return parsed;
}

/** The canonical numpy form of a parsed spec, `ij,jk->ik`: how plans are named and cached. */
export function formatSpec(parsed: ParsedSpec): string {
  return `${parsed.inputs.map(formatGroup).join(',')}->${formatGroup(parsed.output)}`;
}

/** A group as written in numpy notation: its ELLIPSIS as `...`. */
function formatGroup(group: string): string {
  return group.replace(ELLIPSIS, '...');
}

/** True for the index letters a-z and A-Z. */
export function isIndexLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function unexpected(spec: string, pos: number, expected = ''): EinsumError {
  const what = pos < spec.length ? `unexpected character '${spec[pos]}' at position ${pos}` : `unexpected end at position ${pos}`;
  return new EinsumError(spec, expected === '' ? what : `${what}; expected ${expected}`);
}

/**
 * `ij,jk->ik`, or `ij,jk` whose output is the indices that appear once, in character-code order, after
 * the ellipsis's axes if any operand has one (as numpy does).
 */
function parseNumpyNotation(spec: string): ParsedSpec {
  const inputs: string[] = [''];
  let output: string | null = null;
  for (let pos = 0; pos < spec.length; pos++) {
    const ch = spec[pos];
    if (isSpace(ch)) continue;
    if (isIndexLetter(ch)) {
      if (output === null) inputs[inputs.length - 1] += ch;
      else output += ch;
    } else if (ch === '.') {
      const group = output ?? inputs[inputs.length - 1];
      if (spec[pos + 1] !== '.' || spec[pos + 2] !== '.') throw unexpected(spec, pos, "three dots '...' (an ellipsis)");
      if (group.includes(ELLIPSIS)) {
        const where = output === null ? `operand ${inputs.length - 1}` : 'the output';
        throw new EinsumError(spec, `a second ellipsis '...' at position ${pos} in ${where}; each index group may have one`);
      }
      if (output === null) inputs[inputs.length - 1] += ELLIPSIS;
      else output += ELLIPSIS;
      pos += 2;
    } else if (ch === ',' && output === null) {
      inputs.push('');
    } else if (ch === '-' && spec[pos + 1] === '>' && output === null) {
      output = '';
      pos++;
    } else {
      throw unexpected(spec, pos, ch === '-' ? "'->'" : 'an index letter a-z or A-Z');
    }
  }
  return { inputs, output: output ?? implicitOutput(inputs) };
}

/** numpy's implicit output: the ellipsis (when an operand has one), then the letters that appear once, sorted. */
function implicitOutput(inputs: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const group of inputs) for (const letter of group) if (letter !== ELLIPSIS) counts.set(letter, (counts.get(letter) ?? 0) + 1);
  const once = [...counts].filter(([, n]) => n === 1).map(([letter]) => letter);
  const ellipsis = inputs.some((group) => group.includes(ELLIPSIS)) ? ELLIPSIS : '';
  return ellipsis + once.sort().join('');
}

/** `A *_(ij,jk,ik) B`: two operands and the output group (which may be empty); the operand names are optional. */
function parseProductNotation(spec: string): ParsedSpec {
  let pos = skipName(spec, skipSpace(spec, 0));
  pos = skipSpace(spec, pos);
  for (const ch of '*_(') {
    if (spec[pos] !== ch) throw unexpected(spec, pos, "'*_(' as in 'A *_(ij,jk,ik) B'");
    pos++;
  }
  const groups: string[] = [''];
  for (; spec[pos] !== ')'; pos++) {
    const ch = spec[pos];
    if (pos >= spec.length) throw unexpected(spec, pos, "')'");
    if (isIndexLetter(ch)) groups[groups.length - 1] += ch;
    else if (ch === ',') groups.push('');
    else if (ch === '.') throw unexpected(spec, pos, "an index letter a-z or A-Z; the *_(…) notation has no ellipsis '...' (numpy's notation has)");
    else if (!isSpace(ch)) throw unexpected(spec, pos, 'an index letter a-z or A-Z');
  }
  if (groups.length !== 3) {
    throw new EinsumError(spec, `*_(…) takes three index groups (left, right, result); found ${groups.length} before position ${pos}`);
  }
  pos = skipSpace(spec, skipName(spec, skipSpace(spec, pos + 1)));
  if (pos < spec.length) throw unexpected(spec, pos, 'the end of the spec');
  return { inputs: [groups[0], groups[1]], output: groups[2] };
}

function skipSpace(spec: string, pos: number): number {
  while (pos < spec.length && isSpace(spec[pos])) pos++;
  return pos;
}

/** Skips an operand's name: letters, digits, '_' and primes. */
function skipName(spec: string, pos: number): number {
  while (pos < spec.length && /[\p{L}\p{N}_']/u.test(spec[pos])) pos++;
  return pos;
}

function checkOutput(spec: string, parsed: ParsedSpec): void {
  const seen = new Set<string>();
  // An ellipsis in the output that no operand has stands for no axes, as in numpy; a second one never parses.
  for (const letter of parsed.output.replace(ELLIPSIS, '')) {
    if (seen.has(letter)) throw new EinsumError(spec, `output index '${letter}' is repeated`);
    seen.add(letter);
    if (!parsed.inputs.some((group) => group.includes(letter))) {
      throw new EinsumError(spec, `output index '${letter}' appears in no operand`);
    }
  }
}
