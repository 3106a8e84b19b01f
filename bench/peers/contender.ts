// Child-process entry point: runs one contender once and prints its result as one JSON line.

import { availableParallelism } from 'node:os';
import { BENCH_EPOCHS } from './bench-config.js';
import { type ContenderName, type ContenderResult, CONTENDER_NAMES, isContenderName } from './contender-result.js';
import { runEinprop } from './run-einprop.js';
import { runTfjs } from './run-tfjs.js';

/** Runs `contender` for `epochs` (tfjs: at most `maxSteps` steps when positive). */
async function runContender(contender: ContenderName, epochs: number, maxSteps: number): Promise<ContenderResult> {
  switch (contender) {
    case 'einprop-1':
      return runEinprop(contender, 1, epochs);
    case 'einprop-all':
      return runEinprop(contender, availableParallelism(), epochs);
    case 'tfjs-cpu':
      return runTfjs('cpu', epochs, maxSteps);
    case 'tfjs-wasm':
      return runTfjs('wasm', epochs, maxSteps);
  }
}

/** The usage line, for a bad invocation. */
const USAGE = `usage: node contender.js <${CONTENDER_NAMES.join('|')}> [epochs=${BENCH_EPOCHS}] [max-steps=0]`;

async function main(argv: readonly string[]): Promise<void> {
  const [name, epochsText = String(BENCH_EPOCHS), stepsText = '0'] = argv;
  const epochs = Number(epochsText);
  const maxSteps = Number(stepsText);
  if (name === undefined || !isContenderName(name) || !(Number.isInteger(epochs) && epochs > 0) || !(Number.isInteger(maxSteps) && maxSteps >= 0)) {
    console.error(`contender.js: bad arguments '${argv.join(' ')}'; ${USAGE}`);
    process.exit(2);
  }
  const result = await runContender(name, epochs, maxSteps);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main(process.argv.slice(2));
