#!/usr/bin/env node
// cu2metal benchmarks (npm run bench): translation speed, cold and cached build times, and the
// run time of every sample on both CPU backends. Prints a table (or --json). Numbers, not tests:
// nothing here fails on a slow machine.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { translateSource } = require(path.join(root, 'dist/src/translate/index.js'));
const json = process.argv.includes('--json');
const samples = fs.readdirSync(path.join(root, 'samples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'samples', d.name, `${d.name}.cu`)))
  .map((d) => d.name).sort();

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cli(args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(root, 'bin/cu2metal.js'), ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { ms: ms(t0), code: r.status, out: r.stdout + r.stderr };
}

const results = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`, node: process.version, samples: [] };
// Each sample in a fresh cache for the cold build, then the same cache for cached runs.
for (const s of samples) {
  const file = path.join('samples', s, `${s}.cu`);
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const translate = [];
  for (let i = 0; i < 20; i++) {
    const t0 = process.hrtime.bigint();
    translateSource(file, text);
    translate.push(ms(t0));
  }
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-bench-'));
  const row = { sample: s, lines: text.split('\n').length, translateMs: median(translate) };
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    const cold = cli(['run', file, '--backend', backend], { CU2METAL_CACHE: cache });
    const warm = [1, 2, 3].map(() => cli(['run', file, '--backend', backend], { CU2METAL_CACHE: cache }));
    if (cold.code !== 0 || warm.some((w) => w.code !== 0)) throw new Error(`${s} on ${backend} failed:\n${cold.out}`);
    row[`${backend} cold ms`] = cold.ms;
    row[`${backend} cached ms`] = median(warm.map((w) => w.ms));
  }
  fs.rmSync(cache, { recursive: true, force: true });
  results.samples.push(row);
}

if (json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  process.stdout.write(`cu2metal benchmarks on ${results.machine}, node ${results.node}\n`);
  process.stdout.write('cold = first run with an empty build cache (runtime library, module and host compiled); cached = median of 3 later runs\n\n');
  const cols = Object.keys(results.samples[0] ?? {});
  const fmt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : String(v));
  process.stdout.write(`${cols.join(' | ')}\n${cols.map(() => '---').join(' | ')}\n`);
  for (const r of results.samples) process.stdout.write(`${cols.map((c) => fmt(r[c])).join(' | ')}\n`);
}
