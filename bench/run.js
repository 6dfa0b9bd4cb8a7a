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
const argv = process.argv.slice(2);
const json = argv.includes('--json');
// --cuda-samples DIR: translate speed on NVIDIA's cuda-samples checkout (its Samples/ tree, with
// Common/ for -I) instead of our samples. --translate-only: skip the build and run timings.
const flag = (name) => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (!v || v.startsWith('--')) {
    process.stderr.write(`bench: ${name} needs a directory\n`);
    process.exit(2);
  }
  return path.resolve(v);
};
const cudaSamples = flag('--cuda-samples');
const translateOnly = argv.includes('--translate-only');
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

/** .cu files under `dir`, sorted. */
function cuFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.cu')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Translate speed in lines per second over a corpus: every file translated in process (the
 * translator warmed up on the first file), lines counted over the .cu files and the local headers
 * inlined into them (what the translator read). The best of `rounds` passes over the corpus.
 */
function translateSpeed(files, includeDirs, rounds) {
  const texts = files.map((f) => ({ f, text: fs.readFileSync(f, 'utf8') }));
  if (texts.length > 0) translateSource(texts[0].f, texts[0].text, { includeDirs: [path.dirname(texts[0].f), ...includeDirs] });
  let best = Infinity;
  let bestCpu = Infinity;
  let lines = 0;
  let cuLines = 0;
  let failed = 0;
  for (let r = 0; r < rounds; r++) {
    lines = 0;
    cuLines = 0;
    failed = 0;
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (const { f, text } of texts) {
      let t;
      try {
        t = translateSource(f, text, { includeDirs: [path.dirname(f), ...includeDirs] });
      } catch {
        failed++;
        continue;
      }
      for (const src of t.sources.values()) lines += src.split('\n').length;
      cuLines += text.split('\n').length;
    }
    best = Math.min(best, ms(t0));
    const cpu = process.cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
  }
  // CPU time as well as wall time: on a shared machine the wall clock mostly measures the others.
  return {
    files: files.length, lines, cuLines, ms: best, cpuMs: bestCpu,
    linesPerSecond: Math.round(lines / (best / 1000)), cuLinesPerSecond: Math.round(cuLines / (best / 1000)),
    linesPerCpuSecond: Math.round(lines / (bestCpu / 1000)), exceptions: failed,
  };
}

const results = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`, node: process.version, samples: [] };
if (cudaSamples) {
  const dir = fs.existsSync(path.join(cudaSamples, 'Samples')) ? path.join(cudaSamples, 'Samples') : cudaSamples;
  const common = path.join(cudaSamples, 'Common');
  results.translate = { corpus: `cuda-samples (${dir})`, ...translateSpeed(cuFiles(dir), fs.existsSync(common) ? [common] : [], 2) };
} else {
  results.translate = { corpus: 'samples/', ...translateSpeed(samples.map((s) => path.join(root, 'samples', s, `${s}.cu`)), [], 5) };
}
const speedLine = (t) =>
  `translate speed on ${t.corpus}: ${t.linesPerSecond} lines/s wall, ${t.linesPerCpuSecond} lines per CPU second ` +
  `(${t.lines} lines incl. inlined headers in ${t.ms.toFixed(0)} ms wall, ${t.cpuMs.toFixed(0)} ms CPU; ` +
  `${t.cuLines} lines in ${t.files} .cu files = ${t.cuLinesPerSecond} .cu lines/s${t.exceptions ? `; ${t.exceptions} exceptions` : ''})`;
if (!json) process.stdout.write(`${speedLine(results.translate)}\n`);
if (translateOnly || cudaSamples) {
  if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  process.exit(results.translate.exceptions ? 1 : 0);
}

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
