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
  // JSON.parse keeps the last of a repeated key; a flag given twice on the command line is refused, and so is this.
  const repeated = repeatedTopLevelKey(text);
  if (repeated !== undefined) throw badFlag(where, `gives "${repeated}" more than once; give it once`);
  return parsed as Record<string, unknown>;
}

/**
 * The first key that the top-level object of `json` (valid JSON, already parsed) names twice. A
 * key is a string at depth 1 followed by ':'; strings are skipped whole, escapes included.
 */
export function repeatedTopLevelKey(json: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      let next = end + 1;
      while (/\s/.test(json[next] ?? '')) next++;
      if (depth === 1 && json[next] === ':') {
        // The slice is one JSON string literal, so it parses to a string.
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (seen.has(key)) return key;
        seen.add(key);
      }
      i = end;
    }
  }
  return undefined;
}
