// Runs one contender in a fresh Node process, so that no JIT or heap state carries from one run to the next.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ContenderName, type ContenderResult, parseContenderResult } from './contender-result.js';

/** The compiled child entry point, beside this module in dist/bench/peers. */
const CONTENDER_SCRIPT = fileURLToPath(new URL('./contender.js', import.meta.url));

/** Runs `contender` for `epochs` (at most `maxSteps` steps when positive) in a child process; resolves with its result. */
export function spawnContender(contender: ContenderName, epochs: number, maxSteps: number): Promise<ContenderResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONTENDER_SCRIPT, contender, String(epochs), String(maxSteps)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        const last = stderr.trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`${contender}: the child process ${signal === null ? `exited with ${code}` : `was killed by ${signal}`}: ${last}`));
        return;
      }
      try {
        resolve(parseContenderResult(stdout, contender));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/** Runs a compiled script (e.g. the GEMM benchmark) in a child process; resolves with its stdout. */
export function spawnScript(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${script} exited with ${code}`))));
  });
}
