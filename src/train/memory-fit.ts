// Whether a run fits the one WebAssembly memory its threads share, checked before anything is allocated.

import { FLAG_NAMES, type SettingNames } from '../data/setting-names.js';
import { UserError } from '../errors.js';
import { type LayoutSizes, layoutRegions, planLayout } from '../parallel/index.js';

const GIB = 2 ** 30;

/** The regions that hold the training and test data, and those of the first-layer store. */
const DATA_REGIONS = new Set(['features', 'labels', 'values', 'order', 'evalFeatures', 'evalLabels', 'evalValues', 'evalOutputs', 'evalStats']);
const STORE_REGIONS = new Set(['firstInputs', 'firstDeltas']);

/**
 * Throws a UserError unless `needed` bytes (the shared layout plus the coordinator's own scratch)
 * fit the `free` bytes left in kernel memory, which a WebAssembly memory caps at 4 GiB. The
 * message breaks the need down, so that a model made huge by a typo (a width, or a label such as
 * 1e9 that makes as many classes) shows what made it so; its advice names settings as `names` spell them.
 */
export function checkMemoryFits(sizes: LayoutSizes, widths: readonly number[], needed: number, free: number, names: SettingNames = FLAG_NAMES): void {
  if (needed <= free) return;
  const { paramCount, claims, depth, optimizerBuffers, threads } = sizes;
  const copies = 1 + claims + threads * depth + optimizerBuffers.length;
  const bytesOf = (names: ReadonlySet<string>): number => layoutRegions(planLayout(sizes, 0)).reduce((sum, r) => sum + (names.has(r.name) ? r.bytes : 0), 0);
  const store = bytesOf(STORE_REGIONS);
  throw new UserError(
    `the run needs ${gib(needed)} of memory, more than the ${gib(free)} free in the 4 GiB WebAssembly memory its threads share: ` +
      `the model ${widths.join('-')} has ${paramCount.toLocaleString('en-US')} parameters, kept 1 + claims + threads × log2(claim size) + optimiser buffers = ` +
      `1 + ${claims} + ${threads} × ${depth} + ${optimizerBuffers.length} = ${copies} times (weights, a gradient sum per claim, partial sums per thread, optimiser state) = ${gib(4 * paramCount * copies)}; ` +
      `the data ${gib(bytesOf(DATA_REGIONS))}; ${store === 0 ? '' : `the batch's first-layer inputs and gradients ${gib(store)}; `}` +
      `${threads === 1 ? "1 thread's" : `${threads} threads'`} activations and packing buffers ${gib(threads * sizes.scratchBytes)}. ` +
      `Use narrower layers, fewer classes, a smaller ${names.batchSize}, fewer ${names.shards} or ${names.threads}, or less data`,
  );
}

function gib(bytes: number): string {
  return bytes >= GIB / 10 ? `${(bytes / GIB).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
