// Switches take no value, or exactly true or false: yargs reads `--shuffle=yes` as false without a word.

import { badFlag } from './flag-values.js';
import { globalOptions, trainingOptions } from './flag-definitions.js';

/** The flags that are switches, whatever the command (their `--no-` forms too). */
export const SWITCHES: ReadonlySet<string> = new Set(
  Object.entries({ ...globalOptions, ...trainingOptions })
    .filter(([, option]) => 'type' in option && option.type === 'boolean')
    .map(([name]) => name),
);

/**
 * Throws a usage error (exit 2) for a switch given a value other than true or false
 * (`--json=maybe`, `--no-shuffle=1`). Arguments after `--` are not flags.
 */
export function checkSwitchValues(args: readonly string[]): void {
  for (const arg of args) {
    if (arg === '--') return;
    const match = /^--(?:no-)?([^=]+)=(.*)$/s.exec(arg);
    if (match === null || !SWITCHES.has(match[1]) || match[2] === 'true' || match[2] === 'false') continue;
    throw badFlag(arg.slice(0, arg.indexOf('=')), `is a switch: give it alone, or =true or =false, not ${JSON.stringify(match[2])}`);
  }
}

/**
 * Whether the command line turns switch `name` on, before yargs has read it: `--name` (unless
 * yargs takes a following `false` as its value) or `--name=true`.
 */
export function switchOn(args: readonly string[], name: string): boolean {
  return args.some((arg, i) => arg === `--${name}=true` || (arg === `--${name}` && args[i + 1] !== 'false'));
}
