// Whether a run fits the one WebAssembly memory its threads share, checked before anything is allocated.

import { UserError } from '../errors.js';
import { type LayoutSizes, planLayout } from '../parallel/index.js';

const GIB = 2 ** 30;

/**
 * Throws a UserError unless `needed` bytes (the shared layout plus the coordinator's own scratch)
 * fit the `free` bytes left in kernel memory, which a WebAssembly memory caps at 4 GiB. The
 * message breaks the need down, so that a model made huge by a typo (a width, or a label such as
 * 1e9 that makes as many classes) shows what made it so.
 */
export function checkMemoryFits(sizes: LayoutSizes, widths: readonly number[], needed: number, free: number): void {
  if (needed <= free) return;
  const { paramCount, shards, optimizerBuffers, threads } = sizes;
  const copies = 1 + shards + optimizerBuffers.length;
  const data = 4 * (sizes.sampleCount * (sizes.featureCount + 2) + sizes.testCount * (sizes.featureCount + 1));
  throw new UserError(
    `the run needs ${gib(needed)} of memory, more than the ${gib(free)} free in the 4 GiB WebAssembly memory its threads share: ` +
      `the model ${widths.join('-')} has ${paramCount.toLocaleString('en-US')} parameters, kept ${copies} times (weights, ${shards} shard gradients, ${optimizerBuffers.length} optimiser buffers) = ${gib(4 * paramCount * copies)}; ` +
      `the data ${gib(data)}; ${storeText(sizes)}${threads === 1 ? "1 thread's" : `${threads} threads'`} activations and packing buffers ${gib(threads * sizes.scratchBytes)}. ` +
      'Use narrower layers, fewer classes, a smaller --batch-size, fewer --shards or --threads, or less data',
  );
}

/** The first-layer store's part of the message, where there is one. */
function storeText(sizes: LayoutSizes): string {
  const { firstInputs, firstDeltas } = planLayout(sizes, 0);
  const elements = firstInputs.length + firstDeltas.length;
  return elements === 0 ? '' : `the batch's first-layer inputs and gradients ${gib(4 * elements)}; `;
}

function gib(bytes: number): string {
  return bytes >= GIB / 10 ? `${(bytes / GIB).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
