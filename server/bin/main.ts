#!/usr/bin/env node
/** The `graph-callrecords-mock` command: the CLI (server/main.ts) on this process. */
import process from 'node:process';
import { run } from '../main.js';

// exit, not exitCode: a shut-down server has let go of everything, and a stray handle must not keep it up.
process.exit(await run(process.argv.slice(2), process.env, process));
