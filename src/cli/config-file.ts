// The --config FILE: a JSON object whose keys are long flag names; flags on the command line override it.

import { readFileSync } from 'node:fs';
import { badFlag } from './flag-values.js';
import { fsErrorMessage } from '../io/fs-error.js';

/**
 * Reads the JSON object at `path`, such as {"layers": "784,64,10", "batch-size": 64, "shuffle": false}.
 * Every key must be one of `known`; any problem is a usage error (exit 2) naming the file and the key.
 */
export function readConfigFile(path: string, known: readonly string[]): Record<string, unknown> {
  const where = `--config ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw badFlag(where, `cannot be read: ${fsErrorMessage(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badFlag(where, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badFlag(where, 'must hold a JSON object of flag names and values');
  }
  for (const key of Object.keys(parsed)) {
    if (!known.includes(key)) throw badFlag(where, `has an unknown key "${key}" (keys are long flag names such as "batch-size")`);
  }
  return parsed as Record<string, unknown>;
}
