// SIGTERM, SIGHUP and Ctrl-C against the built executable: each stops a run as Ctrl-C does, and the run resumes exactly.

import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../src/checkpoint/checkpoint.js';
import { STOP_SIGNALS, StopSignals, type StopSignal } from '../../src/cli/stop-signals.js';
import { blobsCsv, digitsCsv, einprop, scratchFolder, startEinprop, tensorBytes, waitFor } from '../support/built-einprop.js';
import { einpropInProcess } from '../support/cli-in-process.js';

const folder = scratchFolder();
afterAll(folder.remove);

const data = blobsCsv(folder.at('blobs.csv'), 2000);
const EPOCHS = '40';
const model = ['--data', data, '--threads', '1', '--batch-size', '16', '--layers', '4,8,3', '--optimizer', 'momentum'];
const flags = [...model, '--epochs', EPOCHS];

/** The metrics file's lines so far. */
function metricLines(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line !== '').length : 0;
}

describe('StopSignals', () => {
  it('the first signal aborts; a second restores the terminal, then exits with the first one’s code; none is caught after close', () => {
    const source = new EventEmitter();
    const calls: string[] = [];
    const stop = new StopSignals(() => calls.push('restore'), source, (code) => calls.push(`exit ${code}`));
    source.emit('SIGHUP');
    expect(stop.signal.aborted).toBe(false);
    stop.listen();
    source.emit('SIGHUP');
    expect([stop.signal.aborted, stop.stoppedBy, stop.exitCode, calls]).toEqual([true, 'SIGHUP', 129, []]);
    source.emit('SIGINT');
    expect(calls).toEqual(['restore', 'exit 129']);
    stop.close();
    expect(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM') + source.listenerCount('SIGHUP')).toBe(0);
  });
});

describe('stop signals: SIGTERM and SIGHUP do what Ctrl-C does', () => {
  const straight = folder.at('straight.safetensors');

  it.each(['SIGTERM', 'SIGHUP'] as StopSignal[])('%s mid-run saves the checkpoint, says how to resume, exits 128 + its number; resuming gives the weights of a run never stopped', async (signal) => {
    if (!existsSync(straight)) expect(einprop(['train', ...flags, '--quiet', '--save', straight]).status).toBe(0);
    const save = folder.at(`${signal}.safetensors`);
    const metrics = folder.at(`${signal}.jsonl`);
    const run = startEinprop(['train', ...flags, '--save', save, '--metrics', metrics, '--log-every', '25']);
    // A metrics line means the steps have begun: the run now listens for signals.
    await waitFor('the first metrics line', () => metricLines(metrics) > 0);
    run.child.kill(signal);
    const ended = await run.ended;
    expect({ status: ended.status, signal: ended.signal }).toEqual({ status: STOP_SIGNALS[signal], signal: null });
    expect(ended.stderr.trimEnd().split('\n').at(-1)).toBe(`einprop: interrupted by ${signal}: continue with --resume ${save}`);
    expect(loadCheckpoint(save).epoch).toBeLessThan(Number(EPOCHS));
    expect(existsSync(folder.at(`.${signal}.safetensors.lock`))).toBe(false);
    const resumed = einprop(['train', '--threads', '1', '--quiet', '--resume', save, '--save', save]);
    expect(resumed.status).toBe(0);
    expect(tensorBytes(save).equals(tensorBytes(straight))).toBe(true);
  });

  it('a second signal ends the run at once, as a shell sees it with the code 143', async () => {
    const save = folder.at('twice.safetensors');
    const metrics = folder.at('twice.jsonl');
    const run = startEinprop(['train', ...model, '--epochs', '100000', '--save', save, '--metrics', metrics, '--log-every', '25']);
    await waitFor('the first metrics line', () => metricLines(metrics) > 0);
    run.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 5));
    run.child.kill('SIGTERM');
    const ended = await run.ended;
    // The exit code itself, or (if the run had stopped listening) death by the signal: a shell reports both as 143.
    expect(ended.status ?? (ended.signal === 'SIGTERM' ? 143 : ended.signal)).toBe(143);
  });

  it('a signal while the data loads ends the process at once, saving nothing and making no metrics file; its left lock is taken over by the next run', async () => {
    const big = blobsCsv(folder.at('big.csv'), 150_000);
    const save = folder.at('loading.safetensors');
    const lock = folder.at('.loading.safetensors.lock');
    const metrics = folder.at('loading.jsonl');
    const run = startEinprop(['train', '--data', big, '--threads', '1', '--layers', '4,3', '--epochs', '1', '--save', save, '--metrics', metrics]);
    // The lock is taken just before the data is read.
    await waitFor('the lock file', () => existsSync(lock));
    run.child.kill('SIGTERM');
    const ended = await run.ended;
    // Ended by the signal itself, as a shell sees it: $? is 143.
    expect({ status: ended.status, signal: ended.signal }).toEqual({ status: null, signal: 'SIGTERM' });
    expect(existsSync(save)).toBe(false);
    expect(existsSync(metrics)).toBe(false);
    const next = einprop(['train', '--data', data, '--threads', '1', '--layers', '4,3', '--epochs', '1', '--quiet', '--save', save]);
    expect(next.status).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('a second run naming the same checkpoint or metrics file exits 2 before any work, naming the file and the PID that holds it', async () => {
    const save = folder.at('shared.safetensors');
    const metrics = folder.at('shared.jsonl');
    const first = startEinprop(['train', ...model, '--epochs', '100000', '--save', save, '--metrics', metrics, '--log-every', '25']);
    await waitFor('the first metrics line', () => metricLines(metrics) > 0);
    const pid = first.child.pid;
    for (const [flag, path] of [['--save', save], ['--metrics', metrics]]) {
      const second = einprop(['train', '--data', data, '--threads', '1', '--layers', '4,3', '--epochs', '1', flag, path]);
      expect(second.status).toBe(2);
      expect(second.stderr).toMatch(new RegExp(`^einprop: ${flag} ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is being written by another einprop run \\(PID ${pid}, lock file .*\\)`));
    }
    first.child.kill('SIGINT');
    const ended = await first.ended;
    expect(ended.status).toBe(130);
    // Every line the first run wrote carries its run id.
    const runs = new Set(readFileSync(metrics, 'utf8').trimEnd().split('\n').map((line) => (JSON.parse(line) as { run: string }).run));
    expect(runs.size).toBe(1);
  });
});

/** Emits `signal` in this process once, as soon as a command starts listening for it (before its next step can run). */
function signalOnceListened(signal: StopSignal): () => void {
  const onListener = (event: string | symbol): void => {
    if (event !== signal) return;
    process.removeListener('newListener', onListener);
    queueMicrotask(() => process.emit(signal));
  };
  process.on('newListener', onListener);
  return () => process.removeListener('newListener', onListener);
}

describe('Ctrl-C during eval, predict and bench', () => {
  const digits = digitsCsv(folder.at('digits.csv'), 120);
  const saved = folder.at('digits.safetensors');

  it.each([
    ['eval', () => ['eval', '--model', saved, '--data', digits], 'eval stopped before it scored every row'],
    ['predict', () => ['predict', '--model', saved, '--data', digits], 'predict stopped before every row; nothing printed'],
    ['bench', () => ['bench', '--data', digits, '--layers', '64,8,10', '--repeat', '1', '--steps', '2', '--threads', '1', '--batch-size', '16'], 'bench stopped before its table was complete'],
  ] as const)('%s stops with one line and exit 130, printing no result', async (_name, args, message) => {
    if (!existsSync(saved)) expect((await einpropInProcess('train', '--data', digits, '--layers', '64,8,10', '--epochs', '1', '--threads', '1', '--quiet', '--save', saved)).code).toBe(0);
    const dispose = signalOnceListened('SIGINT');
    try {
      const run = await einpropInProcess(...args());
      expect(run).toEqual({ code: 130, stdout: '', stderr: `einprop: interrupted: ${message}\n` });
    } finally {
      dispose();
    }
  });
});
