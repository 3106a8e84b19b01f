import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { LayoutSizes } from '../../src/parallel/layout.js';
import { checkMemoryFits } from '../../src/train/memory-fit.js';
import { train } from '../../src/train/trainer.js';
import { smallConfig } from '../support/config.js';

const sizes: LayoutSizes = {
  paramCount: 40_000_003,
  shards: 4,
  claims: 1,
  depth: 2,
  items: 4,
  sampleCount: 48,
  featureCount: 4,
  testCount: 12,
  validationCount: 0,
  targets: 'classes',
  outputs: 3,
  optimizerBuffers: ['m', 'v'],
  threads: 2,
  scratchBytes: 15 * 2 ** 30,
  storeRows: 16,
  firstOutputs: 5_000_000,
};

describe('checkMemoryFits: a run too large for the shared WebAssembly memory is a UserError that says why', () => {
  it('passes what fits; names the model, its parameter copies, the data and the threads otherwise', () => {
    expect(() => checkMemoryFits(sizes, [4, 5_000_000, 3], 2 ** 31, 2 ** 32)).not.toThrow();
    const check = (): void => checkMemoryFits(sizes, [4, 5_000_000, 3], 2 ** 35, 2 ** 32);
    expect(check).toThrow(UserError);
    expect(check).toThrow(
      /^the run needs 32\.0 GiB of memory, more than the 4\.0 GiB free .*: the model 4-5000000-3 has 40,000,003 parameters, kept 1 \+ claims \+ threads × log2\(claim size\) \+ optimiser buffers = 1 \+ 1 \+ 2 × 2 \+ 2 = 8 times \(weights, a gradient sum per claim, partial sums per thread, optimiser state\) = 1\.2 GiB; the data 0\.0 MiB; the batch's first-layer inputs and gradients 0\.3 GiB; 2 threads' activations and packing buffers 30\.0 GiB\. Use narrower layers/,
    );
  });

  // MNIST, since a model too large is refused whatever the data; one thread, SGD.
  const config = smallConfig('mnist', { optim: { ...smallConfig('mnist').optim, optimizer: 'sgd' }, batchSize: 64, epochs: 1 });

  it('train refuses a model that cannot fit before it allocates anything', async () => {
    await expect(train({ ...config, model: { ...config.model, layers: [784, 2_000_000, 10] } })).rejects.toThrow(/^the run needs .* the model 784-2000000-10 has 1,590,000,010 parameters/);
  });

  it('a batch far larger than the training set sizes its buffers by the set: one step an epoch', async () => {
    const result = await train({ ...config, batchSize: 3_000_000_000, model: { ...config.model, layers: [784, 16, 10] } });
    expect([result.steps, result.train_samples]).toEqual([1, 8000]);
  });
});
