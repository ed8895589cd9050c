#!/usr/bin/env node
/**
 * The `graph-callrecords-mock` command: the CLI (server/main.ts) on this process, loaded from
 * its one-file bundle (tools/bundle-cli.mjs): one file to read and compile instead of some 400
 * ES modules, which was most of a start (issue 9).
 */
import { createRequire } from 'node:module';
import process from 'node:process';
import type * as Cli from '../main.js';

const { run } = createRequire(import.meta.url)(
  '../../cli/graph-callrecords-mock.cjs',
) as typeof Cli;

// exit, not exitCode: a shut-down server has let go of everything, and a stray handle must not keep it up.
process.exit(await run(process.argv.slice(2), process.env, process));
