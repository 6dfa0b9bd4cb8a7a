#!/usr/bin/env node
// npm run fuzz [-- --cases N --seed S --limit-ms MS]: the mutation fuzzer (test/fuzz/fuzzer.ts) over
// samples/ and test/golden/cases/. Prints cases, crashes, hangs and malformed MSL; failing inputs
// are written to fuzz-failures/ (git-ignored); exit 1 when there is any.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const num = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`fuzz: ${name} needs a non-negative integer\n`);
    process.exit(2);
  }
  return v;
};
const cases = num('--cases', 2000);
const seed = num('--seed', Date.now() % 1e9);
const limitMs = num('--limit-ms', 10000);
let fuzzer;
try {
  fuzzer = require(path.join(root, 'dist/test/fuzz/fuzzer.js'));
} catch {
  process.stderr.write('fuzz: run `npm run build` first\n');
  process.exit(2);
}
const t0 = Date.now();
let done = 0;
fuzzer
  .fuzz({
    cases,
    seed,
    limitMs,
    onCase: (r) => {
      done++;
      if (r.outcome === 'crash' || r.outcome === 'hang' || r.outcome === 'bad-msl') process.stdout.write(`case ${r.index} (${r.source}): ${r.outcome}: ${r.detail ?? ''}\n`);
      else if (done % 500 === 0) process.stdout.write(`${done} cases...\n`);
    },
  })
  .then((s) => {
    const bad = [...s.crashes, ...s.hangs, ...s.badMsl];
    if (bad.length > 0) {
      const dir = path.join(root, 'fuzz-failures');
      fs.mkdirSync(dir, { recursive: true });
      for (const r of bad) fs.writeFileSync(path.join(dir, `seed${seed}-case${r.index}-${r.outcome}.cu`), r.input ?? '');
    }
    process.stdout.write(`fuzz seed ${seed}: ${s.cases} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${s.ok} translated, ${s.diagnostics} with diagnostics; ${s.crashes.length} crashes, ${s.hangs.length} hangs, ${s.badMsl.length} malformed MSL\n`);
    process.exit(bad.length > 0 ? 1 : 0);
  });
