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

// --declaration: package.json "types" points at dist/src/api/index.d.ts (the launcher API).
run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--declaration']);
buildAddon();
const prebuild = path.join(root, "dist/src/build/prebuild.js");
if (fs.existsSync(prebuild)) run(process.execPath, [prebuild]);

// ---- The native addon of the launcher API (binding.gyp → build/Release/cu2metal_native.node) ----

// node-gyp: the one npm runs lifecycle scripts with (npm_config_node_gyp), else the copy bundled
// with the npm running us (next to npm_execpath) or with this node, else a local install, else npx.
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  if (process.env.npm_execpath) candidates.push(path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  candidates.push(path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] }));
  } catch {
    // not installed locally
  }
  const found = candidates.find((c) => c.endsWith('.js') && fs.existsSync(c));
  if (found) return { cmd: process.execPath, args: [found] };
  return { cmd: process.platform === 'win32' ? 'npx.cmd' : 'npx', args: ['node-gyp'] };
}

function buildAddon() {
  if (process.env.CU2METAL_SKIP_ADDON === '1') {
    log('CU2METAL_SKIP_ADDON=1: not building the native addon (the launcher API will not load)');
    return;
  }
  const gyp = findNodeGyp();
  const args = [...gyp.args, 'rebuild', '--jobs=max'];
  // Headers: npm passes its `nodedir` setting through npm_config_nodedir, which node-gyp reads
  // itself. Run by hand, use the headers installed with this node instead of downloading them.
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (!process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi'))) args.push(`--nodedir=${prefix}`);
  log('building the native addon (binding.gyp) with node-gyp');
  log(`$ ${gyp.cmd === process.execPath ? 'node' : gyp.cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(gyp.cmd, args, { stdio: 'inherit', cwd: root });
  const built = path.join(root, 'build', 'Release', 'cu2metal_native.node');
  if (r.status !== 0 || !fs.existsSync(built)) {
    const missing = [];
    if (process.env.CXX && !have(process.env.CXX)) missing.push(`the compiler CXX=${process.env.CXX} (not runnable)`);
    else if (!process.env.CXX && !have('c++') && !have('g++') && !have('clang++')) missing.push('a C++17 compiler (g++ or clang++)');
    if (!have('make')) missing.push('make');
    if (!have('python3') && !have('python')) missing.push('python3 (node-gyp needs it)');
    if (process.platform !== 'win32' && !fs.existsSync('/usr/include/boost/context/fiber.hpp') && !fs.existsSync('/opt/homebrew/include/boost/context/fiber.hpp') && !fs.existsSync('/usr/local/include/boost/context/fiber.hpp')) {
      missing.push(process.platform === 'darwin' ? 'Boost.Context (brew install boost)' : 'Boost.Context (apt-get install libboost-context-dev)');
    }
    log(`building the native addon failed (node-gyp exit ${r.status ?? r.signal}).`);
    log(missing.length ? `missing: ${missing.join('; ')}.` : 'see the compiler output above. The addon needs a C++17 compiler, make, python3 and Boost.Context (libboost-context-dev).');
    log(`fix that and run \`npm install\` again (or just the addon: ${gyp.cmd === process.execPath ? 'node' : gyp.cmd} ${args.join(' ')}); CU2METAL_SKIP_ADDON=1 skips the addon.`);
    process.exit(1);
  }
  log(`native addon ready (${path.relative(root, built)}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
