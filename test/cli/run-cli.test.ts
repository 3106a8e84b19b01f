import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CommandModule } from 'yargs';
import { describe, expect, it, vi } from 'vitest';
import { commands, runCli } from '../../src/cli/run-cli.js';
import { UserError } from '../../src/errors.js';
import { ShardFailure } from '../../src/parallel/index.js';

/** Runs the CLI in this process; returns its exit code and what reached stderr, stdout and console.error. */
async function run(args: string[], extra: CommandModule[] = []): Promise<{ code: number; stderr: string; stdout: string; consoleErr: string }> {
  let stderr = '';
  const err = new Writable({
    write(chunk: Buffer, _encoding, done) {
      stderr += chunk.toString();
      done();
    },
  });
  let stdout = '';
  let consoleErr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  // yargs prints help and version with console.log: that is stdout too.
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    consoleErr += `${parts.join(' ')}\n`;
  });
  try {
    const code = await runCli(args, err, [...commands, ...extra]);
    return { code, stderr, stdout, consoleErr };
  } finally {
    vi.restoreAllMocks();
  }
}

const failing = (error: unknown): CommandModule => ({
  command: 'explode',
  describe: 'fails',
  handler: () => {
    console.log('noise that must not reach stdout with --json');
    throw error;
  },
});

describe('runCli exit codes and messages', () => {
  it('usage errors exit 2 with one line naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['config', '--epochs', '0'], /^einprop: --epochs must be a positive integer, got 0\n$/],
      [['config', '--lr', '-1'], /^einprop: --lr must be a number greater than 0, got -1\n$/],
      [['config', '--activation', 'swish'], /^einprop: --activation must be one of .*, got "swish"\n$/],
      [['config', '--layers', 'a,b'], /^einprop: --layers must be a comma list/],
      [['config', '--bogus'], /^einprop: unknown flag --bogus \(see einprop config --help\)\n$/],
      [['config', '--epochs'], /^einprop: --epochs needs a value \(see einprop config --help\)\n$/],
      [['eval'], /^einprop: --model is required \(see einprop eval --help\)\n$/],
      [['predict'], /^einprop: --model and --data are required \(see einprop predict --help\)\n$/],
      [['trian', '--epochs', '2'], /^einprop: unknown command trian; did you mean train\? \(see einprop --help\)\n$/],
      [['config', 'extra'], /^einprop: unknown argument extra \(see einprop config --help\)\n$/],
      [['nonsense'], /^einprop: unknown argument nonsense \(see einprop --help\)\n$/],
      // yargs alone reads any value but true as false for a switch.
      [['config', '--shuffle=yes'], /^einprop: --shuffle is a switch: give it alone, or =true or =false, not "yes"\n$/],
      [['config', '--no-shuffle=1'], /^einprop: --no-shuffle is a switch/],
      [['config', '--lr', '0x10'], /^einprop: --lr must be a number greater than 0, got "0x10"\n$/],
      [['config', '--threads', '1000'], /^einprop: --threads must be at most 256, got 1000\n$/],
      [['eval', '--model', 'a.safetensors', '--model', 'a.safetensors'], /^einprop: --model is given 2 times; give it once\n$/],
      [['predict', '--model', 'a', '--data', 'x.csv', '--data', 'y.csv'], /^einprop: --data is given 2 times; give it once\n$/],
      [['config', '--json=maybe'], /^einprop: --json is a switch/],
      [['config', '--nesterov=on', '--optimizer', 'momentum'], /^einprop: --nesterov is a switch/],
      [[], /^einprop: no command given/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr, stdout } = await run(args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(pattern);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stdout).toBe('');
    }
  });

  it('a UserError from a command exits with its code and prints only its message', async () => {
    const { code, stderr } = await run(['explode'], [failing(new UserError('data.csv:3:2: not a number'))]);
    expect(code).toBe(1);
    expect(stderr).toBe('einprop: data.csv:3:2: not a number\n');
  });

  it('any other error exits 1 with one line, and the stack only with --debug', async () => {
    const plain = await run(['explode'], [failing(new TypeError('x is undefined\nsecond line'))]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe('einprop: TypeError: x is undefined second line (run with --debug for the stack trace)\n');
    const debug = await run(['explode', '--debug'], [failing(new TypeError('x is undefined'))]);
    expect(debug.code).toBe(1);
    expect(debug.stderr.split('\n')[0]).toBe('einprop: TypeError: x is undefined');
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it("a worker's failure is one line naming what it ran, exit 1; --debug adds the worker error's own stack", async () => {
    const cause = new Error('boom in worker');
    const failure = new ShardFailure('worker running shard 1', cause);
    const plain = await run(['explode'], [failing(failure)]);
    expect(plain).toMatchObject({ code: 1, stderr: 'einprop: worker running shard 1 failed: boom in worker\n' });
    const debug = await run(['explode', '--debug'], [failing(failure)]);
    expect(debug.stderr.split('\n')[0]).toBe('einprop: worker running shard 1 failed: boom in worker');
    expect(debug.stderr).toContain(`caused by: ${cause.stack ?? ''}`);
  });

  it('with --json, stdout carries one JSON object and nothing else, even if a command logs', async () => {
    expect(JSON.parse((await run(['config', '--json=true', '--shuffle=false'])).stdout)).toMatchObject({ shuffle: false });
    const ok = await run(['config', '--json', '--epochs', '3']);
    expect(ok.code).toBe(0);
    expect(ok.stdout.endsWith('\n')).toBe(true);
    expect(ok.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(ok.stdout)).toMatchObject({ epochs: 3, optimizer: 'adam' });
    const failed = await run(['explode', '--json'], [failing(new UserError('bad'))]);
    expect(failed.stdout).toBe('');
    expect(failed.consoleErr).toBe('noise that must not reach stdout with --json\n');
    expect(failed.stderr).toBe('einprop: bad\n');
  });

  it("config keeps train's run keys from a --config file, so that its output is the file's whole meaning", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'einprop-config-'));
    const file = join(folder, 'run.json');
    writeFileSync(file, JSON.stringify({ epochs: 2, save: 'model.safetensors', metrics: 'run.jsonl', 'log-every': '5' }));
    const printed = JSON.parse((await run(['config', '--config', file, '--json'])).stdout) as Record<string, unknown>;
    // The file's relative paths are relative to its folder.
    expect(printed).toMatchObject({ epochs: 2, save: join(folder, 'model.safetensors'), metrics: join(folder, 'run.jsonl'), 'log-every': 5 });
    expect(printed).not.toHaveProperty('resume');
  });

  it('--help lists the commands and flags, --version prints the version; both exit 0', async () => {
    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/einprop config/);
    const configHelp = await run(['config', '--help']);
    expect(configHelp.code).toBe(0);
    for (const flag of ['--data', '--test-split', '--shuffle', '--layers', '--lr', '--batch-size', '--seed', '--config']) expect(configHelp.stdout).toContain(flag);
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  });
});
