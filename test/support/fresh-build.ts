// Vitest global setup: refuses to run the tests against a dist/ older than the sources.
//
// The tests import the TypeScript sources, but the worker threads they start load the compiled
// dist/workers/shard-worker.js (piscina runs JavaScript). After an edit without a build, the main
// thread and its workers would run different code, and a changed layout would read as garbage
// rather than as a stale build. `npm test` builds first; this catches `npx vitest` after an edit.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';

/** The latest modification time, in ms, of the files under `dir` whose names end in `suffix` (0 if none). */
function newest(dir: string, suffix: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path, suffix));
    else if (entry.name.endsWith(suffix)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const dist = join(packageRoot, 'dist');
  if (!existsSync(join(dist, 'workers', 'shard-worker.js'))) throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  // The newest output, not a given one: a build may rewrite only the files whose sources changed.
  const built = Math.max(newest(join(dist, 'src'), '.js'), newest(join(dist, 'workers'), '.js'));
  const edited = Math.max(newest(join(packageRoot, 'src'), '.ts'), newest(join(packageRoot, 'workers'), '.ts'));
  if (edited > built) throw new Error('dist/ is older than src/ or workers/: run `npm run build` first (`npm test` does), so that the worker threads run the code under test');
}
