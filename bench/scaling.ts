// Benchmark: the `einprop bench` scaling table for the default MNIST network, over the default thread counts and batch sizes.

import { availableParallelism } from 'node:os';
import { DEFAULT_BATCH_SIZES, DEFAULT_REPEAT, benchReport, benchTable } from '../src/cli/bench.js';
import { toTrainConfig } from '../src/cli/options.js';
import { defaultThreadCounts } from '../src/train/benchmark.js';

const config = toTrainConfig({});
const plan = { threads: defaultThreadCounts(availableParallelism()), batchSizes: [...DEFAULT_BATCH_SIZES], repeat: DEFAULT_REPEAT, steps: undefined };
const report = await benchReport(config, plan, (row) => console.error(`measured batch ${row.batch_size} on ${row.threads} thread${row.threads === 1 ? '' : 's'}`));
console.log(benchTable(report));
