// Runs the CLI inside the test process (no spawn), capturing its exit code and output.

import { Writable } from 'node:stream';
import { vi } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

/** What one in-process run of the CLI did. */
export interface InProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `einprop ...args` through runCli in this process; returns the exit code, stdout and stderr. */
export async function einpropInProcess(...args: string[]): Promise<InProcessRun> {
  let stderr = '';
  const err = new Writable({
    write(chunk: Buffer, _encoding, done) {
      stderr += chunk.toString();
      done();
    },
  });
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  try {
    return { code: await runCli(args, err), stdout, stderr };
  } finally {
    spy.mockRestore();
  }
}
