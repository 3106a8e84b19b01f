#!/usr/bin/env node
// The einprop executable: runs the command line on this process's arguments and exits with its code.

import { hideBin } from 'yargs/helpers';
import { runCli } from './run-cli.js';

// A reader that stops early (`einprop derive | head -1`) closes the pipe: what is left to print has
// nowhere to go, so end as a Unix tool does, quietly, rather than with an unhandled error's stack.
// The exit code is the one set so far: 0 if the command had not finished (its result went unread).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A terminal closed under a run (SIGHUP) answers EIO: the run still stops as the signal asks, with its code.
  if (error.code === 'EIO') return;
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

// Messages and progress have nowhere to go once stderr's reader or terminal is gone: that must not change how a run ends.
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
});

process.exitCode = await runCli(hideBin(process.argv));
