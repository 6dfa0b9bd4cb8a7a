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
// --kernels-only: only the kernel timings (bench/kernels) and vectorAdd's first and cached run.
// CU2METAL_* variables (CU2METAL_THREADS, CU2METAL_SPIN_US...) reach every program, the plain loop's
// thread count included.
// --hip-cpu DIR: also time the kernels on HIP-CPU (github ROCm/HIP-CPU checkout; needs TBB).
const kernelsOnly = argv.includes('--kernels-only');
const hipCpu = flag('--hip-cpu');
// --rounds N: run every kernel program N times (default 5), the programs of one kernel interleaved in
// an order that rotates every round, so that a burst of load from other processes hits them alike.
// --kernels a,b: only those kernels.
const value = (name, fallback) => {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const v = argv[i + 1];
  if (!v || v.startsWith('--')) {
    process.stderr.write(`bench: ${name} needs a value\n`);
    process.exit(2);
  }
  return v;
};
const rounds = Math.max(1, Number.parseInt(value('--rounds', '5'), 10) || 5);
const onlyKernels = value('--kernels', '').split(',').filter(Boolean);
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

/**
 * Kernel timings: each bench/kernels/NAME.cu on both CPU backends, the plain C++ loops of
 * bench/kernels/baseline.cpp (same -O2, same number of threads, a pool of threads made once) and,
 * with --hip-cpu, HIP-CPU. The programs print "bench-kernel-ms" (best of several launches, timed with
 * CUDA events around the launch: the launch, the workers' wake-up and the kernel, not process
 * start-up, compilation or copies) and a checksum that must agree with the plain loop's. Compilation
 * happens in a private cache before the timed runs, so no number includes it. Every program runs
 * `rounds` times, interleaved; a figure is the median over the rounds of each run's best launch,
 * with the lowest and highest beside it, and a ratio is the ratio of medians. The load average is
 * noted at the start and end of each kernel's rounds: on a shared machine wall times measure the
 * others too.
 */
const KERNELS = [
  { name: 'vadd', what: 'vector add, 16M floats (no barriers)' },
  { name: 'reduce', what: 'shared-memory tree reduction, 65,536 blocks x 256 threads (9 barriers)' },
  { name: 'matmul', what: 'tiled matmul 512x512, 16x16 shared-memory tiles' },
  { name: 'shfl', what: 'warp-shuffle reduction, 4M floats (__shfl_down_sync)' },
].filter((k) => onlyKernels.length === 0 || onlyKernels.includes(k.name));

function parseBench(out) {
  const ms = /bench-kernel-ms ([0-9.]+)/.exec(out);
  const sum = /bench-checksum ([-0-9.e+]+)/.exec(out);
  return ms && sum ? { ms: Number(ms[1]), checksum: sum[1] } : undefined;
}

function runChecked(cmd, args, label, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const parsed = r.status === 0 ? parseBench(r.stdout) : undefined;
  if (!parsed) throw new Error(`${label} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return parsed;
}

/** A bench .cu as a HIP-CPU C++ file: HIP names, hipLaunchKernelGGL instead of <<<>>>. */
function hipSource(text) {
  return text
    .replace('#include <cuda_runtime.h>', '#include <hip/hip_runtime.h>')
    .replace(/\bcuda([A-Z]\w*)/g, 'hip$1')
    .replace(/__shfl_down_sync\(\s*[^,]+,/g, '__shfl_down(')
    .replace(/(\w+)<<<([^,>]+),\s*([^,>]+)>>>\(/g, 'hipLaunchKernelGGL($1, dim3($2), dim3($3), 0, 0, ');
}

const loadavg = () => os.loadavg()[0].toFixed(1);
const ms3 = (v) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const spread = (xs) => `${ms3(Math.min(...xs))}-${ms3(Math.max(...xs))}`;

function kernelBench() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-kbench-'));
  const cache = path.join(tmp, 'cache');
  const rows = [];
  try {
    const baseline = path.join(tmp, 'baseline');
    const cc = spawnSync('clang++', ['-std=c++17', '-O2', '-pthread', path.join(__dirname, 'kernels', 'baseline.cpp'), '-o', baseline], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`cannot compile bench/kernels/baseline.cpp:\n${cc.stderr}`);
    for (const k of KERNELS) {
      const file = path.join('bench', 'kernels', `${k.name}.cu`);
      // Every program of this kernel, built first: a name and how to run it once.
      const programs = [{ name: 'plain', run: () => runChecked(baseline, [k.name], `baseline ${k.name}`) }];
      for (const backend of ['msl-cpu', 'cuda-cpu']) {
        const exe = path.join(tmp, `${k.name}-${backend}`);
        const env = { ...process.env, CU2METAL_CACHE: cache };
        const b = spawnSync(process.execPath, ['bin/cu2metal.js', 'build', file, '--backend', backend, '-o', exe], { cwd: root, env, encoding: 'utf8' });
        if (b.status !== 0) throw new Error(`${k.name} on ${backend}: build failed:\n${b.stdout}${b.stderr}`);
        programs.push({ name: backend, run: () => runChecked(exe, [], `${k.name} on ${backend}`, env) });
      }
      if (hipCpu) {
        const src = path.join(tmp, `${k.name}.hip.cpp`);
        const exe = path.join(tmp, `${k.name}.hip`);
        fs.writeFileSync(src, hipSource(fs.readFileSync(path.join(root, file), 'utf8')));
        const hc = spawnSync('clang++', ['-std=c++17', '-O2', '-pthread', '-I', path.join(hipCpu, 'include'), src, '-o', exe, '-ltbb'], { encoding: 'utf8' });
        if (hc.status !== 0) process.stderr.write(`bench: HIP-CPU build of ${k.name} failed:\n${hc.stderr.split('\n').slice(0, 5).join('\n')}\n`);
        else programs.push({ name: 'hip-cpu', run: () => runChecked(exe, [], `HIP-CPU ${k.name}`) });
      }
      const times = new Map(programs.map((p) => [p.name, []]));
      const loadBefore = loadavg();
      let reference; // the plain loop's checksum (it runs first in the first round)
      for (let r = 0; r < rounds; r++) {
        for (let j = 0; j < programs.length; j++) {
          const p = programs[(r + j) % programs.length];
          const got = p.run();
          if (p.name === 'plain') reference ??= got.checksum;
          else if (p.name !== 'hip-cpu' && got.checksum !== reference) {
            throw new Error(`${k.name} on ${p.name}: checksum ${got.checksum}, the plain loop's is ${reference}`);
          }
          times.get(p.name).push(got.ms);
        }
      }
      const med = (name) => median(times.get(name));
      const row = { kernel: k.name, what: k.what, load: `${loadBefore}-${loadavg()}`, 'plain ms': med('plain') };
      for (const p of programs.slice(1)) {
        row[`${p.name} ms`] = med(p.name);
        row[`${p.name} / plain`] = med(p.name) / med('plain');
      }
      if (times.has('hip-cpu')) {
        row['msl-cpu / hip-cpu'] = med('msl-cpu') / med('hip-cpu');
        row['cuda-cpu / hip-cpu'] = med('cuda-cpu') / med('hip-cpu');
      }
      row.spread = programs.map((p) => `${p.name} ${spread(times.get(p.name))}`).join(', ');
      row.runs = Object.fromEntries(times);
      rows.push(row);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

/**
 * First run (a cache holding only what `npm install` prebuilds: the runtime library; the module and
 * host program compiled) and cached runs of samples/vectorAdd.
 */
function firstRun() {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-bench-'));
  const row = {};
  try {
    const file = path.join('samples', 'vectorAdd', 'vectorAdd.cu');
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      const one = fs.mkdtempSync(path.join(cache, `${backend}-`));
      spawnSync(process.execPath, [path.join(root, 'dist/src/build/prebuild.js')], { cwd: root, env: { ...process.env, CU2METAL_CACHE: one }, encoding: 'utf8' });
      const cold = cli(['run', file, '--backend', backend], { CU2METAL_CACHE: one });
      const warm = [1, 2, 3, 4, 5].map(() => cli(['run', file, '--backend', backend], { CU2METAL_CACHE: one }));
      if (cold.code !== 0 || warm.some((w) => w.code !== 0)) throw new Error(`vectorAdd on ${backend} failed:\n${cold.out}`);
      row[`${backend} first-run ms`] = cold.ms;
      row[`${backend} cached-run ms`] = Math.min(...warm.map((w) => w.ms));
    }
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
  return row;
}

function printTable(rows) {
  // Objects (each round's figures) are for --json.
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r).filter((c) => typeof r[c] !== 'object')))];
  const fmt = (v) => (v === undefined ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v < 10 ? v.toFixed(2) : v.toFixed(1)) : String(v));
  process.stdout.write(`${cols.join(' | ')}\n${cols.map(() => '---').join(' | ')}\n`);
  for (const r of rows) process.stdout.write(`${cols.map((c) => fmt(r[c])).join(' | ')}\n`);
}

if (kernelsOnly) {
  // --kernels picks kernels to time: then vectorAdd's first run is left out.
  const out = { kernels: kernelBench(), vectorAdd: onlyKernels.length ? undefined : firstRun() };
  if (json) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(`kernel times (ms: median over ${rounds} interleaved runs of each run's best launch, spread = lowest-highest; ratio = ours / plain C++ loop on ${os.cpus().length} threads; load = load average before-after)\n`);
    printTable(out.kernels);
    if (out.vectorAdd) {
      process.stdout.write('\nsamples/vectorAdd: first run (runtime library prebuilt, as after npm install) and cached run (best of 5), wall time\n');
      printTable([out.vectorAdd]);
    }
  }
  process.exit(0);
}

const results = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`, node: process.version, samples: [] };
if (cudaSamples) {
  const dir = fs.existsSync(path.join(cudaSamples, 'Samples')) ? path.join(cudaSamples, 'Samples') : cudaSamples;
  const common = path.join(cudaSamples, 'Common');
  // Three passes: the best of them is the figure (on a shared machine the others' load varies).
  results.translate = { corpus: `cuda-samples (${dir})`, ...translateSpeed(cuFiles(dir), fs.existsSync(common) ? [common] : [], 3) };
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
// Kernel timings and vectorAdd's first/cached run (also alone: --kernels-only).
results.kernels = kernelBench();
results.vectorAdd = firstRun();

if (json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  process.stdout.write(`cu2metal benchmarks on ${results.machine}, node ${results.node}\n`);
  process.stdout.write('cold = first run with an empty build cache (runtime library, module and host compiled); cached = median of 3 later runs\n\n');
  const cols = Object.keys(results.samples[0] ?? {});
  const fmt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : String(v));
  process.stdout.write(`${cols.join(' | ')}\n${cols.map(() => '---').join(' | ')}\n`);
  for (const r of results.samples) process.stdout.write(`${cols.map((c) => fmt(r[c])).join(' | ')}\n`);
  process.stdout.write(`\nkernel times (ms: median over ${rounds} interleaved runs of each run's best launch, spread = lowest-highest; ratio = ours / plain C++ loop on ${os.cpus().length} threads; load = load average before-after)\n`);
  printTable(results.kernels);
  process.stdout.write('\nsamples/vectorAdd: first run (runtime library prebuilt, as after npm install) and cached run (best of 5), wall time\n');
  printTable([results.vectorAdd]);
}
