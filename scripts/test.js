#!/usr/bin/env node
// The test suites after `tsc` and `eslint` (see package.json "test"): every compiled
// dist/test/**/*.test.js file under node:test, plus the native runtime and emulation checks.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const files = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.js')) files.push(p);
  }
};
walk(path.join(root, 'dist', 'test'));
files.sort();
if (files.length === 0) {
  process.stderr.write('no compiled tests found under dist/test: run `npm run build` first\n');
  process.exit(1);
}
const args = ['--test', '--test-concurrency=2', '--test-timeout=600000', ...files];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
