#!/usr/bin/env node
// Counts the barrier kernels (manifest usesBarriers: __syncthreads, warp operations, ...) of a
// corpus that the work-item loops transform (docs/DESIGN.md, issue 8), on msl-cpu (the lowered MSL,
// src/build/mslWorkItemLoops.ts) and cuda-cpu (src/build/workItemLoops.ts), and the reasons of the
// others. Usage: node scripts/wil-coverage.js [--dist DIR] FILE.cu|DIR... (a DIR: its .cu files,
// recursively); -I folders: each file's own and those given with -I DIR.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
let dist = path.join(__dirname, '..', 'dist');
const includes = [];
const inputs = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--dist') dist = args[++i];
  else if (args[i] === '-I') includes.push(args[++i]);
  else inputs.push(args[i]);
}
const { translateSource } = require(path.resolve(dist, 'src/translate/index'));
const { lowerMslForClang } = require(path.resolve(dist, 'src/build/mslLower'));
const { mslWorkItemLoops } = require(path.resolve(dist, 'src/build/mslWorkItemLoops'));
const { workItemLoops } = require(path.resolve(dist, 'src/build/workItemLoops'));

const files = [];
const walk = (p) => {
  const st = fs.statSync(p, { throwIfNoEntry: false }); // (broken links)
  if (!st) return;
  if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
  else if (p.endsWith('.cu')) files.push(p);
};
inputs.forEach(walk);
const count = { files: 0, kernels: 0, msl: 0, cuda: 0 };
const reasons = new Map();
for (const f of files) {
  let t;
  try {
    t = translateSource(f, fs.readFileSync(f, 'utf8'), { includeDirs: [path.dirname(f), ...includes] });
  } catch {
    continue;
  }
  if (!t.ok || !t.manifest.kernels.some((k) => k.usesBarriers)) continue;
  const l = lowerMslForClang(t.msl, 'k.metal');
  if (l.errors.length > 0) continue;
  ++count.files;
  const msl = mslWorkItemLoops(l.code, t.manifest);
  const cuda = t.cudaCpu ? workItemLoops(t.cudaCpu, t.manifest) : { verdicts: [] };
  for (const v of msl.verdicts) {
    ++count.kernels;
    if (v.reason === null) ++count.msl;
    else {
      const key = v.reason.replace(/'[^']*'/g, "'X'").replace(/line \d+/g, 'line N');
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  }
  for (const v of cuda.verdicts) if (v.reason === null) ++count.cuda;
}
console.log(`${count.files} files with barrier kernels; ${count.kernels} barrier kernels: msl-cpu ${count.msl}, cuda-cpu ${count.cuda} transformed`);
for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${n}  ${r}`);
