// Tests of where einprop finds its files and keeps its caches.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir, packageRoot } from '../src/paths.js';

describe('cacheDir', () => {
  it('is $XDG_CACHE_HOME/einprop, else %LOCALAPPDATA%\\einprop\\Cache on Windows, else ~/.cache/einprop; a relative XDG_CACHE_HOME is ignored', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/var/cache/u' }, 'linux')).toBe(join('/var/cache/u', 'einprop'));
    expect(cacheDir({ XDG_CACHE_HOME: 'relative/cache' }, 'linux')).toBe(join(homedir(), '.cache', 'einprop'));
    expect(cacheDir({}, 'darwin')).toBe(join(homedir(), '.cache', 'einprop'));
    expect(cacheDir({ LOCALAPPDATA: '/c/Users/u/AppData/Local' }, 'win32')).toBe(join('/c/Users/u/AppData/Local', 'einprop', 'Cache'));
  });

  it('is never inside the package', () => {
    expect(cacheDir().startsWith(packageRoot)).toBe(false);
  });
});
