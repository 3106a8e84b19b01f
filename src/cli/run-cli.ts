// The command line: strict yargs parsing, one module per command, one-line errors, exit codes 0, 1, 2 and 130.

import yargs, { type CommandModule } from 'yargs';
import { ReportedError, UserError } from '../errors.js';
import { benchCommand } from './bench.js';
import { checkSwitchValues, switchOn } from './switches.js';
import { checkCommand } from './check.js';
import { configCommand } from './config.js';
import { deriveCommand } from './derive.js';
import { evalCommand } from './eval.js';
import { exportCommand } from './export.js';
import { globalOptions } from './flag-definitions.js';
import { keepStdoutForJson } from './output.js';
import { predictCommand } from './predict.js';
import { trainCommand } from './train.js';
import { einpropVersion } from './version.js';

/** The commands, one module each. */
export const commands: readonly CommandModule[] = [trainCommand, evalCommand, predictCommand, exportCommand, checkCommand, benchCommand, deriveCommand, configCommand];

/**
 * Runs `einprop` with `args` (without the node and script paths) and resolves with the exit code:
 * 0 success, 2 a usage error (unknown flag, bad value), 130 a run stopped by Ctrl-C, 1 any other error. Errors are printed to
 * `stderr` as one line starting `einprop: `; the stack trace only with --debug. `commandModules` is for tests.
 */
export async function runCli(
  args: readonly string[],
  stderr: NodeJS.WritableStream = process.stderr,
  commandModules: readonly CommandModule[] = commands,
): Promise<number> {
  const debug = switchOn(args, 'debug');
  const restoreConsole = switchOn(args, 'json') ? keepStdoutForJson() : undefined;
  const parser = yargs([...args])
    .scriptName('einprop')
    // Values reach the flags' own checks as typed: yargs would turn 0x10 into 16 and 1e400 into Infinity.
    .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false })
    .usage('$0 <command> [options]')
    .options(globalOptions)
    .command([...commandModules])
    .demandCommand(1, 'no command given')
    .recommendCommands()
    .strict()
    .help()
    .alias('help', 'h')
    .version(einpropVersion)
    .wrap(Math.min(120, process.stdout.columns ?? 80))
    .exitProcess(false)
    .fail((message, error) => {
      // yargs passes a message for usage errors, and only the error for one thrown by a command.
      if (message) throw new UserError(`${usageMessage(message, args)} (see einprop${commandOf(args, commandModules)} --help)`, 2);
      throw error;
    });
  try {
    checkSwitchValues(args);
    await parser.parseAsync();
    return 0;
  } catch (error) {
    return reportError(error, debug, stderr);
  } finally {
    restoreConsole?.();
  }
}

/** Prints `error` as one line (and its stack with --debug); returns the exit code. */
function reportError(error: unknown, debug: boolean, stderr: NodeJS.WritableStream): number {
  const known = error instanceof ReportedError;
  const message = known ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const hint = known || debug ? '' : ' (run with --debug for the stack trace)';
  stderr.write(`einprop: ${oneLine(message)}${hint}\n`);
  if (debug && error instanceof Error && error.stack !== undefined) {
    stderr.write(`${error.stack}\n`);
    // A failure in a worker carries the worker's own error, whose stack says where it threw.
    if (error.cause instanceof Error && error.cause.stack !== undefined) stderr.write(`caused by: ${error.cause.stack}\n`);
  }
  return known ? error.exitCode : 1;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * yargs's usage message said as the user wrote the command line: a flag with its dashes (`--lr needs
 * a value`, `--model is required`, `unknown flag --split`), a mistyped command with the word typed.
 */
function usageMessage(message: string, args: readonly string[]): string {
  const noValue = /^(?:Not enough arguments following|Missing argument values?): (.+)$/.exec(message);
  if (noValue !== null) return `${dashed(noValue[1].split(', '))} ${noValue[1].includes(', ') ? 'need' : 'needs'} a value`;
  const required = /^Missing required arguments?: (.+)$/.exec(message);
  if (required !== null) return `${dashed(required[1].split(', '))} ${required[1].includes(', ') ? 'are' : 'is'} required`;
  const suggestion = /^Did you mean (.+)\?$/.exec(message);
  if (suggestion !== null) return `unknown command ${args.find((arg) => !arg.startsWith('-')) ?? ''}; did you mean ${suggestion[1]}?`;
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown === null) return message;
  const names = unknown[1].split(', ');
  const isFlag = (name: string): boolean => args.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`) || arg === `-${name}`);
  const given = names.filter(isFlag);
  const flags = given.map((name) => (name.length === 1 ? `-${name}` : `--${name}`));
  // yargs names each unknown dashed flag twice, once camel-cased (batch-sise, batchSise).
  const camel = new Set(given.map((name) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())));
  const others = names.filter((name) => !isFlag(name) && !camel.has(name));
  const parts: string[] = [];
  if (flags.length > 0) parts.push(`unknown flag${flags.length === 1 ? '' : 's'} ${flags.join(', ')}`);
  if (others.length > 0) parts.push(`unknown argument${others.length === 1 ? '' : 's'} ${others.join(', ')}`);
  return parts.join('; ');
}

/** Flag names with their dashes, joined as a sentence lists them: `--model and --data`. */
function dashed(names: readonly string[]): string {
  const flags = names.map((name) => (name.length === 1 ? `-${name}` : `--${name}`));
  return flags.length === 1 ? flags[0] : `${flags.slice(0, -1).join(', ')} and ${flags[flags.length - 1]}`;
}

/** ` <command>` for the command the arguments name, so that a hint points at its own --help; else nothing. */
function commandOf(args: readonly string[], commandModules: readonly CommandModule[]): string {
  const names = new Set(commandModules.map((c) => String(c.command).split(' ')[0]));
  const command = args.find((arg) => !arg.startsWith('-'));
  return command !== undefined && names.has(command) ? ` ${command}` : '';
}
