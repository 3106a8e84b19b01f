// Weights from elsewhere: names of any one prefix and every float dtype read back as the layers written; each malformed file refused by tensor.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safetensor } from '../../src/checkpoint/safetensors-entry.js';
import type { SafetensorsFile } from '../../src/checkpoint/safetensors.js';
import { weightsFromFile } from '../../src/checkpoint/weights-file.js';
import { UserError } from '../../src/errors.js';
import type { LayerState } from '../../src/train/state.js';
import { fcOptions } from '../support/fc.js';
import { type FloatDType, type Naming, halfExact, tensorName, weightsOnlyFile } from '../support/weights-files.js';

/** Layers of the given widths with values k/128 in (−2, 2), exact in every float dtype. */
const arbLayers: fc.Arbitrary<LayerState[]> = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 5 })
  .chain((widths) =>
    fc.tuple(
      ...widths.slice(1).map((outputs, i) => {
        const inputs = widths[i];
        const values = (n: number): fc.Arbitrary<Float32Array> => fc.array(fc.integer({ min: -255, max: 255 }), { minLength: n, maxLength: n }).map((ks) => Float32Array.from(ks, (k) => k / 128));
        return fc.record({ weight: values(outputs * inputs), bias: values(outputs), outputs: fc.constant(outputs), inputs: fc.constant(inputs) });
      }),
    ),
  );

/** nn.Sequential indices for `count` layers: increasing, with gaps of any size. */
const arbIndices = (count: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: 4 }), { minLength: count, maxLength: count }).map((steps) => steps.map((_, i) => steps.slice(0, i + 1).reduce((a, b) => a + b, -1)));

/** Prefixes PyTorch users' files have: nn.Sequential's none, einprop's, a module's Sequential, a wrapper's, numbered attributes. */
const PREFIXES = ['', 'layers.', 'net.', 'model.layers.', 'fc', 'layer_', 'linear'] as const;

const arbNaming = (count: number): fc.Arbitrary<Naming> =>
  fc.oneof(
    fc.constant<Naming>({ scheme: 'einprop' }),
    arbIndices(count).map((indices): Naming => ({ scheme: 'sequential', indices })),
    fc.tuple(fc.constantFrom(...PREFIXES), arbIndices(count)).map(([prefix, indices]): Naming => ({ scheme: 'prefixed', prefix, indices })),
  );

/** Layers 3-2-1 with distinct values, to tell them apart. */
const THREE_TWO_ONE: readonly LayerState[] = [
  { weight: Float32Array.of(1, 2, 3, 4, 5, 6), bias: Float32Array.of(7, 8), outputs: 2, inputs: 3 },
  { weight: Float32Array.of(9, 10), bias: Float32Array.of(11), outputs: 1, inputs: 2 },
];

/** The message weightsFromFile refuses `file` with. */
function refusal(file: SafetensorsFile): string {
  try {
    weightsFromFile(file, 'w.safetensors');
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  throw new Error('weightsFromFile accepted a malformed file');
}

/** A two-layer 3-2-1 file under nn.Sequential's names 0 and 2, changed by `edit`. */
function twoLayers(edit: (file: SafetensorsFile) => void): SafetensorsFile {
  const layers = [
    { weight: new Float32Array(6), bias: new Float32Array(2), outputs: 2, inputs: 3 },
    { weight: new Float32Array(2), bias: new Float32Array(1), outputs: 1, inputs: 2 },
  ];
  const file = weightsOnlyFile(layers, 'F32', { scheme: 'sequential', indices: [0, 2] });
  edit(file);
  return file;
}

describe('weightsFromFile', () => {
  it('reads back the layers written, under any one prefix with indices of any gaps, and in F32, F64, F16 or BF16', () => {
    fc.assert(
      fc.property(
        arbLayers.chain((layers) => fc.tuple(fc.constant(layers), arbNaming(layers.length), fc.constantFrom<FloatDType>('F32', 'F64', 'F16', 'BF16'))),
        ([layers, naming, dtype]) => {
          const read = weightsFromFile(weightsOnlyFile(layers, dtype, naming), 'w.safetensors');
          expect(read.layers).toEqual(layers);
          expect(read.widths).toEqual([layers[0].inputs, ...layers.map((l) => l.outputs)]);
          expect(read.names).toEqual(layers.map((_, i) => ({ weight: tensorName(naming, i, 'weight'), bias: tensorName(naming, i, 'bias') })));
        },
      ),
      fcOptions(100),
    );
  });

  it.each([
    ['', [0, 2], ['0', '2']],
    ['layers.', [0, 2], ['layers.0', 'layers.2']],
    ['net.', [0, 2], ['net.0', 'net.2']],
    ['model.layers.', [0, 1], ['model.layers.0', 'model.layers.1']],
    ['fc', [1, 2], ['fc1', 'fc2']],
    ['layer_', [0, 3], ['layer_0', 'layer_3']],
  ])('prefix "%s" at indices %j: the layers are read in order, named %j', (prefix, indices, names) => {
    const read = weightsFromFile(weightsOnlyFile(THREE_TWO_ONE, 'F32', { scheme: 'prefixed', prefix, indices }), 'w');
    expect(read.layers).toEqual(THREE_TWO_ONE);
    expect(read.names).toEqual(names.map((name) => ({ weight: `${name}.weight`, bias: `${name}.bias` })));
  });

  it.each([
    ['nn.Sequential', { scheme: 'sequential', indices: [2, 10] }],
    ['fc', { scheme: 'prefixed', prefix: 'fc', indices: [2, 10] }],
    ['net.', { scheme: 'prefixed', prefix: 'net.', indices: [9, 10] }],
  ] as const)('orders %s layers by their number, not by the text of their names (2 before 10)', (_, naming) => {
    const layers = [
      { weight: halfExact(Float32Array.of(1, 2)), bias: Float32Array.of(0), outputs: 1, inputs: 2 },
      { weight: Float32Array.of(3, 4, 5), bias: Float32Array.of(1, 1, 1), outputs: 3, inputs: 1 },
    ];
    expect(weightsFromFile(weightsOnlyFile(layers, 'F32', naming), 'w').widths).toEqual([2, 1, 3]);
  });

  it('refuses, naming the tensor: an extra tensor, two naming schemes, a missing bias or weight', () => {
    expect(refusal(twoLayers((f) => f.tensors.set('running_mean', safetensor('F32', [1], Float32Array.of(0)))))).toBe(
      'w.safetensors: tensor "running_mean" is not a layer\'s weight or bias: a weights file holds only <prefix><i>.weight and <prefix><i>.bias, one prefix for all (F32, F64, F16, BF16)',
    );
    expect(refusal(twoLayers((f) => f.tensors.set('optimizer.m.layers.0.weight', safetensor('F32', [1], Float32Array.of(0)))))).toMatch(
      /tensors "0\.bias" and "optimizer\.m\.layers\.0\.weight" follow two naming schemes \(prefixes "" and "optimizer\.m\.layers\."\)/,
    );
    expect(refusal(twoLayers((f) => f.tensors.set('layers.1.weight', safetensor('F32', [1], Float32Array.of(0)))))).toBe(
      'w.safetensors: tensors "0.bias" and "layers.1.weight" follow two naming schemes (prefixes "" and "layers."); a weights file uses one: <prefix><i>.weight and <prefix><i>.bias, one prefix for all',
    );
    expect(refusal(twoLayers((f) => f.tensors.delete('2.bias')))).toBe('w.safetensors: tensor "2.bias" is missing: every layer needs a bias beside its weight "2.weight"');
    expect(refusal(twoLayers((f) => f.tensors.delete('0.weight')))).toBe('w.safetensors: tensor "0.weight" is missing, beside its bias "0.bias"');
  });

  it('refuses a file of no prefix-plus-number names, or of two prefixes, naming a tensor and the accepted form', () => {
    const named = (...names: string[]): SafetensorsFile => {
      const file = weightsOnlyFile(THREE_TWO_ONE, 'F32', { scheme: 'sequential', indices: [0, 1] });
      const entries = [...file.tensors.values()];
      return { tensors: new Map(names.map((name, i) => [name, entries[i]])), metadata: {} };
    };
    expect(refusal(named('hidden.weight', 'hidden.bias', 'out.weight', 'out.bias'))).toBe(
      'w.safetensors: tensor "hidden.bias" is not a layer\'s weight or bias: a weights file holds only <prefix><i>.weight and <prefix><i>.bias, one prefix for all (F32, F64, F16, BF16)',
    );
    expect(refusal(named('enc.0.weight', 'enc.0.bias', 'dec.0.weight', 'dec.0.bias'))).toBe(
      'w.safetensors: tensors "dec.0.bias" and "enc.0.bias" follow two naming schemes (prefixes "dec." and "enc."); a weights file uses one: <prefix><i>.weight and <prefix><i>.bias, one prefix for all',
    );
    expect(refusal(named('fc01.weight', 'fc01.bias', 'fc2.weight', 'fc2.bias'))).toMatch(/^w\.safetensors: tensor "fc01\.bias" is not a layer's weight or bias/);
  });

  it("refuses a BatchNorm's buffers among the layers, naming the tensor", () => {
    const net = weightsOnlyFile(THREE_TWO_ONE, 'F32', { scheme: 'prefixed', prefix: 'net.', indices: [0, 2] });
    net.tensors.set('net.1.running_mean', safetensor('F32', [2], new Float32Array(2)));
    expect(refusal(net)).toMatch(/^w\.safetensors: tensor "net\.1\.running_mean" is not a layer's weight or bias/);
    net.tensors.delete('net.1.running_mean');
    net.tensors.set('net.1.num_batches_tracked', safetensor('F32', [], Float32Array.of(0)));
    expect(refusal(net)).toMatch(/^w\.safetensors: tensor "net\.1\.num_batches_tracked" is not a layer's weight or bias/);
  });

  it('refuses shapes that do not chain or are not [outputs, inputs] and [outputs], and a file of no tensors', () => {
    expect(refusal(twoLayers((f) => f.tensors.set('2.weight', safetensor('F32', [1, 3], new Float32Array(3)))))).toBe(
      'w.safetensors: tensor "2.weight" is [1, 3]: its 3 inputs are not the 2 outputs of "0.weight" before it',
    );
    expect(refusal(twoLayers((f) => f.tensors.set('0.weight', safetensor('F32', [6], new Float32Array(6)))))).toBe(
      "w.safetensors: tensor \"0.weight\" has shape [6]; a layer's weight is [outputs, inputs], both at least 1",
    );
    expect(refusal(twoLayers((f) => f.tensors.set('0.bias', safetensor('F32', [3], new Float32Array(3)))))).toBe(
      'w.safetensors: tensor "0.bias" has shape [3]; the bias of "0.weight" [2, 3] is [2]',
    );
    expect(refusal(twoLayers((f) => f.tensors.set('0.weight', safetensor('F32', [2, 0], new Float32Array(0)))))).toMatch(/tensor "0\.weight" has shape \[2, 0\]/);
    expect(refusal({ tensors: new Map(), metadata: {} })).toMatch(/^w\.safetensors: holds no tensors/);
  });

  it('refuses a non-finite value, converted or not, naming the tensor and the element', () => {
    expect(refusal(twoLayers((f) => f.tensors.set('2.bias', safetensor('BF16', [1], Uint16Array.of(0x7fc0)))))).toBe(
      "w.safetensors: tensor \"2.bias\" holds NaN at element 0; a model's values must be finite",
    );
  });
});
