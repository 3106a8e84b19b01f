// The --config FILE: a JSON object whose keys are long flag names; flags on the command line override it.

import { dirname, isAbsolute, join } from 'node:path';
import { badFlag } from './flag-values.js';
import { UnreadableFile, readRegularFile } from '../io/regular-file.js';

/** The keys whose values are files: a relative one is relative to the config file's folder ('mnist' names the bundled data). */
export const CONFIG_PATH_KEYS: readonly string[] = ['data', 'test', 'validation', 'save', 'resume', 'init-from', 'metrics', 'model', 'out'];

/**
 * Reads the JSON object at `path`, such as {"layers": "784,64,10", "batch-size": 64, "shuffle": false}.
 * Every key must be one of `known`; any problem is a usage error (exit 2) naming the file and the key.
 * A byte order mark before the JSON is skipped; the relative paths of CONFIG_PATH_KEYS are returned
 * joined to the file's folder, so that a config file means the same files from any working folder.
 */
export function readConfigFile(path: string, known: readonly string[]): Record<string, unknown> {
  const where = `--config ${path}`;
  let text: string;
  try {
    text = readRegularFile(path).toString('utf8');
  } catch (error) {
    throw error instanceof UnreadableFile ? badFlag(where, `cannot be read: ${error.reason}`) : error;
  }
  // Some editors start a UTF-8 file with a byte order mark, which JSON.parse refuses.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
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
  return relativeTo(dirname(path), parsed as Record<string, unknown>);
}

/** `values` with each relative path of CONFIG_PATH_KEYS joined to `folder`; other values as they are (they are checked later). */
function relativeTo(folder: string, values: Record<string, unknown>): Record<string, unknown> {
  const out = { ...values };
  for (const key of CONFIG_PATH_KEYS) {
    const value = out[key];
    if (typeof value === 'string' && value.trim() !== '' && value !== 'mnist' && !isAbsolute(value)) out[key] = join(folder, value);
  }
  return out;
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
