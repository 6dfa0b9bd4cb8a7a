#!/usr/bin/env node
// Coverage of the work-item loops (issue 8) over a local checkout of public CUDA code: every .cu
// under the given folders is translated (translateSource, its folder and the -I folders as include
// paths), and each barrier kernel's verdict is taken from both backends' transforms
// (src/build/workItemLoops.ts on the cuda-cpu text, src/build/mslWorkItemLoops.ts on the lowered
// MSL), with and without the helper inlining of src/build/inlineHelpers.ts. Prints the counts and
// the most common reasons; `--json FILE` writes every verdict. Needs a build (dist/).
//
//   node scripts/wil-coverage.js [-I dir]... [--json file] <folder>...
//   e.g. node scripts/wil-coverage.js -I /work/ext/hecbench/src/include /work/ext/hecbench/src/*-cuda
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist', 'src');
const { translateSource } = require(path.join(dist, 'translate', 'index'));
const helpers = require(path.join(dist, 'build', 'inlineHelpers'));
const { workItemLoops } = require(path.join(dist, 'build', 'workItemLoops'));
const { mslWorkItemLoops } = require(path.join(dist, 'build', 'mslWorkItemLoops'));
const { lowerMslForClang } = require(path.join(dist, 'build', 'mslLower'));

const args = process.argv.slice(2);
const includes = [];
const folders = [];
let json = null;
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '-I') includes.push(args[++i]);
  else if (args[i] === '--json') json = args[++i];
  else folders.push(args[i]);
}
const files = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith('.cu')) files.push(p);
  }
};
folders.forEach(walk);

const inline = helpers.inlineHelpers;
const empty = () => ({ kernels: 0, transformed: 0, reasons: new Map() });
const stats = { 0: { cuda: empty(), msl: empty() }, 1: { cuda: empty(), msl: empty() } };
const all = [];
const note = (on, backend, file, verdicts) => {
  const s = stats[on][backend];
  for (const v of verdicts) {
    s.kernels++;
    if (v.reason === null) s.transformed++;
    else {
      const r = v.reason.replace(/line \d+/g, 'line N').replace(/'[^']*'/g, "'X'");
      s.reasons.set(r, (s.reasons.get(r) ?? 0) + 1);
    }
    all.push({ inline: !!on, backend, file, kernel: v.kernel, reason: v.reason });
  }
};
for (const f of files) {
  let t;
  try {
    t = translateSource(f, fs.readFileSync(f, 'utf8'), { includeDirs: [path.dirname(f), ...includes] });
  } catch {
    continue;
  }
  if (!t.ok || !t.manifest.kernels.some((k) => k.usesBarriers)) continue;
  const lowered = lowerMslForClang(t.msl, 'k.metal');
  for (const on of [0, 1]) {
    helpers.inlineHelpers = on ? inline : () => null;
    note(on, 'cuda', f, workItemLoops(t.cudaCpu, t.manifest).verdicts);
    if (lowered.errors.length === 0) note(on, 'msl', f, mslWorkItemLoops(lowered.code, t.manifest).verdicts);
  }
}
helpers.inlineHelpers = inline;
for (const on of [0, 1]) {
  for (const backend of ['cuda', 'msl']) {
    const s = stats[on][backend];
    console.log(`${backend === 'cuda' ? 'cuda-cpu' : 'msl-cpu'}, helpers ${on ? 'inlined' : 'not inlined'}: ${s.transformed} of ${s.kernels} barrier kernels transformed`);
    for (const [r, n] of [...s.reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${n}  ${r}`);
  }
}
if (json) fs.writeFileSync(json, JSON.stringify(all, null, 1));
