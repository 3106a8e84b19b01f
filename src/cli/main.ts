#!/usr/bin/env node
// The einprop executable: runs the command line on this process's arguments and exits with its code.

import { hideBin } from 'yargs/helpers';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(hideBin(process.argv));
