// Parsing both notations of a spec, numpy's implicit output, and the messages of malformed specs.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EinsumError } from '../../src/einsum/einsum-error.js';
import { ELLIPSIS, formatSpec, parseSpec } from '../../src/einsum/parse.js';
import { fcOptions } from '../support/fc.js';
import { einsumCase } from './arbitraries.js';

/** The message an invalid spec throws (fails the test when it does not throw an EinsumError). */
function messageOf(spec: string): string {
  try {
    parseSpec(spec);
  } catch (error) {
    if (error instanceof EinsumError) return error.message;
    throw error;
  }
  throw new Error(`'${spec}' parsed without error`);
}

describe('parseSpec', () => {
  test.each([
    ['ij,jk->ik', ['ij', 'jk'], 'ik'],
    ['ii->i', ['ii'], 'i'],
    ['ii->', ['ii'], ''],
    ['i,i->', ['i', 'i'], ''],
    [' b i j , b j k -> b i k ', ['bij', 'bjk'], 'bik'],
    ['ij,jk,kl->il', ['ij', 'jk', 'kl'], 'il'],
    ['Ab,bC->AC', ['Ab', 'bC'], 'AC'],
    ['->', [''], ''],
    [',i->i', ['', 'i'], 'i'],
  ])('%s has index groups %j and output %j', (spec, inputs, output) => {
    expect(parseSpec(spec)).toEqual({ inputs, output });
  });

  test.each([
    ['ij,jk', 'ik'],
    ['ba', 'ab'],
    ['ii', ''],
    ['ij,ij', ''],
    ['i,j', 'ij'],
    ['aB,Bc', 'ac'],
    ['ab,Ab', 'Aa'],
  ])('the implicit output of %s is the indices appearing once, in character-code order: %j', (spec, output) => {
    expect(parseSpec(spec).output).toBe(output);
  });

  test.each([
    ['A *_(ij,jk,ik) B', 'ij,jk->ik'],
    ['W *_(ji,i,j) a', 'ji,i->j'],
    ['x *_(i,i,) y', 'i,i->'],
    ['x *_(i,j,ij) y', 'i,j->ij'],
    ['x *_(i,i,i) y', 'i,i->i'],
    ['x *_(i,ij,ij) A', 'i,ij->ij'],
    ['*_(ij,jk,ik)', 'ij,jk->ik'],
    ['Ḡ *_(ik, jk, ij) B2', 'ik,jk->ij'],
  ])("the blog's %s parses as numpy's %s", (blog, numpy) => {
    expect(parseSpec(blog)).toEqual(parseSpec(numpy));
    expect(formatSpec(parseSpec(blog))).toBe(numpy);
  });

  test("any two-operand spec parses to the same value in the blog's notation, with or without names and spaces", () => {
    fc.assert(
      fc.property(einsumCase(2, 2), fc.boolean(), fc.constantFrom('', ' ', '  '), (c, named, space) => {
        const [left, right] = c.inputs;
        const blog = named ? `X${space}*_(${left},${space}${right},${c.output})${space}Y` : `*_(${left},${right},${c.output})`;
        expect(parseSpec(blog)).toEqual(parseSpec(`${left},${right}->${c.output}`));
      }),
      fcOptions(100),
    );
  });

  test('formatSpec then parseSpec is the identity on parsed specs', () => {
    fc.assert(
      fc.property(einsumCase(), (c) => {
        const parsed = parseSpec(`${c.inputs.join(',')}->${c.output}`);
        expect(parseSpec(formatSpec(parsed))).toEqual(parsed);
      }),
      fcOptions(100),
    );
  });
});

describe('malformed specs', () => {
  test.each([
    ['ij,j#->ik', "einsum 'ij,j#->ik': unexpected character '#' at position 4; expected an index letter a-z or A-Z"],
    ['ij,jk->i.k', "einsum 'ij,jk->i.k': unexpected character '.' at position 8; expected three dots '...' (an ellipsis)"],
    ['ij->i->j', "einsum 'ij->i->j': unexpected character '-' at position 5; expected '->'"],
    ['ij,jk-ik', "einsum 'ij,jk-ik': unexpected character '-' at position 5; expected '->'"],
    ['ij->i,j', "einsum 'ij->i,j': unexpected character ',' at position 5; expected an index letter a-z or A-Z"],
    ['i1', "einsum 'i1': unexpected character '1' at position 1; expected an index letter a-z or A-Z"],
  ])('an unknown character is reported at its position: %s', (spec, message) => {
    expect(messageOf(spec)).toBe(message);
  });

  test('a character outside the grammar, inserted anywhere in a valid spec, is reported at its position', () => {
    fc.assert(
      fc.property(einsumCase(), fc.nat(), fc.constantFrom('#', '.', '1', '$', '!', '?', '+', '=', ')', '('), (c, at, bad) => {
        const valid = `${c.inputs.join(',')}->${c.output}`;
        let pos = at % (valid.length + 1);
        if (valid[pos - 1] === '-') pos--; // not between '-' and '>', where the '-' itself would be at fault
        const spec = valid.slice(0, pos) + bad + valid.slice(pos);
        expect(messageOf(spec)).toContain(`unexpected character '${bad}' at position ${pos}`);
      }),
      fcOptions(100),
    );
  });

  test.each([
    ['ij,jk->ii', "einsum 'ij,jk->ii': output index 'i' is repeated"],
    ['ij,jk->iz', "einsum 'ij,jk->iz': output index 'z' appears in no operand"],
    ['A *_(ij,jk,ikk) B', "einsum 'A *_(ij,jk,ikk) B': output index 'k' is repeated"],
    ['A *_(ij,jk,iq) B', "einsum 'A *_(ij,jk,iq) B': output index 'q' appears in no operand"],
  ])('a bad output index is named: %s', (spec, message) => {
    expect(messageOf(spec)).toBe(message);
  });

  test.each([
    ['A *_(ij,jk) B', '*_(…) takes three index groups (left, right, result); found 2 before position 10'],
    ['A *_(ij,jk,ik,k) B', '*_(…) takes three index groups (left, right, result); found 4 before position 15'],
    ['A * (ij,jk,ik) B', "unexpected character ' ' at position 3; expected '*_(' as in 'A *_(ij,jk,ik) B'"],
    ['A *_(ij,jk,ik B', "unexpected end at position 15; expected ')'"],
    ['A *_(ij,j1,ik) B', "unexpected character '1' at position 9; expected an index letter a-z or A-Z"],
    ['A *_(ij,jk,ik) B C', "unexpected character 'C' at position 17; expected the end of the spec"],
    ['A B *_(ij,jk,ik)', "unexpected character 'B' at position 2; expected '*_(' as in 'A *_(ij,jk,ik) B'"],
  ])("a malformed blog-notation spec names the position at fault: %s", (spec, problem) => {
    expect(messageOf(spec)).toBe(`einsum '${spec}': ${problem}`);
  });
});

describe("numpy's ellipsis", () => {
  /** A group with its '...' as the parser's one-character ELLIPSIS. */
  const marked = (group: string): string => group.replace('...', ELLIPSIS);

  test.each([
    ['...ij,...jk->...ik', ['...ij', '...jk'], '...ik'],
    ['...ii->...i', ['...ii'], '...i'],
    ['i...->...', ['i...'], '...'],
    ['a...a->...a', ['a...a'], '...a'],
    ['...b,...a->...', ['...b', '...a'], '...'],
    ['...a->', ['...a'], ''],
    ['ij->...ij', ['ij'], '...ij'],
    [' ... i j , ...jk ', ['...ij', '...jk'], '...ik'],
  ])('%s has index groups %j and output %j, each ellipsis one mark', (spec, inputs, output) => {
    expect(parseSpec(spec)).toEqual({ inputs: inputs.map(marked), output: marked(output) });
  });

  test.each([
    ['...ij,...jk', '...ik'],
    ['...a', '...a'],
    ['...,...', '...'],
    ['...a,...b', '...ab'],
    ['i...,j', '...ij'],
    ['ba,...', '...ab'],
  ])("the implicit output of %s is the ellipsis, then the indices appearing once, in character-code order: %j", (spec, output) => {
    expect(parseSpec(spec).output).toBe(marked(output));
  });

  test('formatSpec writes the ellipsis back as three dots, and parseSpec reads it again', () => {
    for (const spec of ['...ij,...jk->...ik', 'i...,j->j...i', '...->...']) {
      expect(formatSpec(parseSpec(spec))).toBe(spec);
      expect(parseSpec(formatSpec(parseSpec(spec)))).toEqual(parseSpec(spec));
    }
  });

  test.each([
    ['i..', "unexpected character '.' at position 1; expected three dots '...' (an ellipsis)"],
    ['.i...', "unexpected character '.' at position 0; expected three dots '...' (an ellipsis)"],
    ['j->..j', "unexpected character '.' at position 3; expected three dots '...' (an ellipsis)"],
    ['j->.j...', "unexpected character '.' at position 3; expected three dots '...' (an ellipsis)"],
    ['...i...', "a second ellipsis '...' at position 4 in operand 0; each index group may have one"],
    ['i,......j', "a second ellipsis '...' at position 5 in operand 1; each index group may have one"],
    ['...i->......i', "a second ellipsis '...' at position 9 in the output; each index group may have one"],
    ['A *_(...ij,jk,ik) B', "unexpected character '.' at position 5; expected an index letter a-z or A-Z; the *_(…) notation has no ellipsis '...' (numpy's notation has)"],
  ])('a malformed ellipsis is refused in one line that says so: %s', (spec, problem) => {
    const message = messageOf(spec);
    expect(message).toBe(`einsum '${spec}': ${problem}`);
    expect(message).not.toContain('\n');
  });
});
