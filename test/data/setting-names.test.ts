// Tests of the settings' two spellings: each names a flag the command line takes, or a field train() takes, and both the same setting.

import { describe, expect, it } from 'vitest';
import type { Options } from 'yargs';
import { flagChoices, trainingOptions } from '../../src/cli/flag-definitions.js';
import { CONFIG_NAMES, FLAG_NAMES, type SettingKey } from '../../src/data/setting-names.js';
import { resolveSettings } from '../../src/train/settings.js';

const KEYS = Object.keys(FLAG_NAMES) as SettingKey[];

/** A flag's spelling read back: `--batch-size` → batch-size, no value; `--header yes` → header, yes. */
function flagOf(spelling: string): { name: string; value: string | undefined } {
  const match = /^--([a-z-]+)(?: (\S+))?$/.exec(spelling);
  if (match === null) throw new Error(`not a flag: ${spelling}`);
  return { name: match[1], value: match[2] };
}

/** A config field's spelling read back: `config.model.hidden` → [model, hidden]; `config.header 'yes'` → [header], 'yes'; `config.stratify true` → true. */
function fieldOf(spelling: string): { path: string[]; value: string | boolean | undefined } {
  const match = /^config\.([a-zA-Z.]+)(?: '([^']*)'| (true))?(?::.*)?$/.exec(spelling);
  if (match === null) throw new Error(`not a config field: ${spelling}`);
  return { path: match[1].split('.'), value: match[3] === undefined ? match[2] : true };
}

/** `--test-split` as the field it sets: testSplit. */
function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

describe('setting names', () => {
  it('every flag spelling is a flag of training runs, its value among the choices the flag takes', () => {
    const choices: Readonly<Record<string, readonly string[]>> = flagChoices;
    for (const key of KEYS) {
      const { name, value } = flagOf(FLAG_NAMES[key]);
      expect(Object.keys(trainingOptions), key).toContain(name);
      if (value !== undefined && value !== 'FILE') expect(choices[name], key).toContain(value);
    }
  });

  it('every config spelling is a field train() takes, with a value it accepts, and the same setting and value as the flag', () => {
    const options: Readonly<Record<string, Options>> = trainingOptions;
    for (const key of KEYS) {
      const { path, value } = fieldOf(CONFIG_NAMES[key]);
      const flag = flagOf(FLAG_NAMES[key]);
      expect(path.at(-1), key).toBe(camelCase(flag.name));
      // A switch is the flag alone, the field set true; any other value is the same in both.
      if (value === true) expect(options[flag.name].type, key).toBe('boolean');
      else expect(value, key).toBe(flag.value === 'FILE' ? undefined : flag.value);
      // The field at its spelled value, or present and undefined: resolveSettings refuses a key that is no setting, and a value no run can use.
      const field = path[0] === 'data' ? {} : path.length === 1 ? { [path[0]]: value } : { [path[0]]: { [path[1]]: value } };
      expect(() => resolveSettings({ data: 'd.csv', ...field }), key).not.toThrow();
    }
  });
});
