#!/usr/bin/env node
/** The image's HEALTHCHECK command: the check (server/healthcheck.ts) on this process. */
import process from 'node:process';
import { run } from '../healthcheck.js';

process.exitCode = await run(process.env, process);
