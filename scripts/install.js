#!/usr/bin/env node
// `npm install` hook: makes sure the system tools cu2metal needs are present, compiles the
// TypeScript, builds the native addon with node-gyp and pre-builds the runtime library that
// translated host programs link against. Every step says what it does; a failure says how to fix it.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const log = (msg) => process.stderr.write(`cu2metal install: ${msg}\n`);

function have(cmd, args = ['--version']) {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    log(`'${cmd}' failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

// System packages (Debian names). clang++ compiles translated host programs and the msl-cpu
// backend; Boost.Context gives the CPU backends cheap fibers for barriers.
const SYSTEM_PACKAGES = ['clang', 'libboost-context-dev'];
function systemReady() {
  return have('clang++') && fs.existsSync('/usr/include/boost/context/fiber.hpp');
}

if (!systemReady()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && isRoot && have('apt-get', ['--version'])) {
    log(`installing system packages: ${SYSTEM_PACKAGES.join(' ')}`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', ...SYSTEM_PACKAGES], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else if (process.platform === 'darwin') {
    if (!have('clang++')) { log('clang++ not found: run `xcode-select --install` first.'); process.exit(1); }
  } else {
    log(`missing system packages. Install them first, e.g.:\n  sudo apt-get install -y ${SYSTEM_PACKAGES.join(' ')}`);
    process.exit(1);
  }
}

run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json']);
const prebuild = path.join(root, "dist/src/build/prebuild.js");
if (fs.existsSync(prebuild)) run(process.execPath, [prebuild]);
