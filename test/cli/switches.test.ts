import { describe, expect, it } from 'vitest';
import { SWITCHES, checkSwitchValues, switchOn } from '../../src/cli/switches.js';
import { UserError } from '../../src/errors.js';

describe('switches', () => {
  it('are the boolean flags of every command', () => {
    expect([...SWITCHES].sort()).toEqual(['debug', 'json', 'nesterov', 'quiet', 'shuffle', 'stratify']);
  });

  it('take no value, =true or =false; anything else is a usage error naming the flag as given', () => {
    expect(() => checkSwitchValues(['train', '--json', '--shuffle=false', '--no-shuffle=true', '--lr=0.1'])).not.toThrow();
    // After --, nothing is a flag.
    expect(() => checkSwitchValues(['train', '--', '--json=maybe'])).not.toThrow();
    for (const arg of ['--json=maybe', '--no-shuffle=1', '--quiet=yes', '--nesterov=']) {
      expect(() => checkSwitchValues([arg])).toThrow(UserError);
      expect(() => checkSwitchValues([arg])).toThrow(`${arg.slice(0, arg.indexOf('='))} is a switch`);
    }
  });

  it('switchOn agrees with yargs: --json and --json=true turn it on, --json false does not', () => {
    expect(switchOn(['train', '--json'], 'json')).toBe(true);
    expect(switchOn(['train', '--json=true'], 'json')).toBe(true);
    expect(switchOn(['train', '--json', 'false'], 'json')).toBe(false);
    expect(switchOn(['train', '--json=false'], 'json')).toBe(false);
    expect(switchOn(['train', '--quiet'], 'json')).toBe(false);
  });
});
