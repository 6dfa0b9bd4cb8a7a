#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled TypeScript in dist/ (built by `npm install`).
const path = require('node:path');
const main = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
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
