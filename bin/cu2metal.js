#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled TypeScript in dist/ (built by `npm install`).
const path = require('node:path');
const main = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

function startCli() {
  let cli;
  try {
    cli = require(main);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).startsWith(`Cannot find module '${main}'`)) {
      process.stderr.write('cu2metal: the CLI is not built yet. Run `npm install` (or `npm run build`) in the cu2metal folder.\n');
      process.exit(2);
    }
    throw e;
  }
  cli.main(process.argv).then((code) => { process.exitCode = code; });
}

// A `run` that an earlier identical run built everything for starts the program without loading the
// translator (src/run/warm.ts); CU2METAL_WARM_RUN=0 always takes the full path, and so does a cached
// program that cannot be started (removed meanwhile).
let warm;
let record;
if (process.argv[2] === 'run' && process.env.CU2METAL_WARM_RUN !== '0') {
  try {
    warm = require(path.join(__dirname, '..', 'dist', 'src', 'run', 'warm.js'));
    record = warm.findWarmRun(process.argv);
  } catch {
    record = undefined; // not built yet, or an unreadable cache: the full path reports it
  }
}
if (record) warm.runWarm(record, process.argv).then((code) => { process.exitCode = code; }, startCli);
else startCli();
