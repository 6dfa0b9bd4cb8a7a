#!/usr/bin/env node
// Runs HeCBench programs (a local checkout's src/NAME-cuda folders) through `cu2metal run` on one
// backend, one at a time, and classifies each run: PASS, FAIL, crash, timeout (or "ran": exit 0
// and no verdict printed; "build": cu2metal could not translate or build it).
//
//   node scripts/hecbench-runs.js <hecbench/src> NAME[=ARGS] ... [--backend msl-cpu] [--timeout S]
//        [--jsonl results.jsonl] [--outdir DIR]
//   node scripts/hecbench-runs.js --markdown results.jsonl     (the table of docs/hecbench-runs.md)
//
// ARGS (the program's arguments, spaces allowed when quoted) default to the Makefile's `run` target;
// pass small ones, the defaults are benchmark sizes. The sources are the Makefile's `source =`
// list (else every .cu of the folder), with `-I ../include`. Nothing of HeCBench is copied: the
// program runs in its own folder. Prints one line per program: NAME VERDICT SECONDS ARGS | detail.
// The `-I`/`-D` flags of the Makefile's CFLAGS are passed on, as the Makefile would, before
// `-I ../include` (lud's `-I./common` has a common.h of its own, ../include one for SYCL). --outdir keeps
// each run's stdout and stderr (DIR/NAME.BACKEND.out and .err) to compare backends with each other
// and with a GPU's output.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { setTimeout, clearTimeout } = require('node:timers');

const CLI = path.join(__dirname, '..', 'bin', 'cu2metal.js');

/** The Makefile's `name = value` (continuation lines joined), or undefined. */
function makeVar(makefile, name) {
  const m = new RegExp(`^${name}\\s*[:+]?=\\s*((?:[^\\n]*\\\\\\n)*[^\\n]*)`, 'm').exec(makefile);
  return m ? m[1].replace(/\\\n/g, ' ').trim() : undefined;
}

/** The arguments of the Makefile's run target: `$(LAUNCHER) ./$(program) ARGS`. */
function runArgs(makefile) {
  const m = /^run\s*:[^\n]*\n\t[^\n]*?\.\/\$\(program\)\s*([^\n]*)/m.exec(makefile);
  return m ? m[1].trim() : '';
}

/** PASS / FAIL / crash / timeout / ran / build, from a finished run. */
function classify(r) {
  if (r.timedOut) return 'timeout';
  if (/terminated by SIG|signal \d+|Segmentation fault|core dumped/.test(r.stderr) || (r.code !== null && r.code >= 128)) return 'crash';
  if (r.code === 3 || r.code === 4 || r.code === 70) return 'build';
  if (/\bFAIL(ED|URE)?\b|\bfailed\b|\bincorrect\b|\bmismatch/i.test(r.stdout) && !/\b0 (errors|failures|mismatch)/i.test(r.stdout)) return 'FAIL';
  if (r.code !== 0) return 'FAIL';
  if (/\bPASS(ED)?\b|\bsuccess|\bcorrect\b|\bOK\b|\bverif\w* (passed|ok)/i.test(r.stdout)) return 'PASS';
  return 'ran';
}

/** The `-I`/`-D` flags of the Makefile's CFLAGS (HeCBench programs name sibling folders or macros there). */
function cflags(makefile) {
  return (makeVar(makefile, 'CFLAGS') ?? '').split(/\s+/).filter((f) => /^-[ID]./.test(f) && !f.includes('$'));
}

function run(dir, files, flags, args, backend, timeoutS) {
  return new Promise((resolve) => {
    const argv = [CLI, 'run', ...files, ...flags, '-I', '../include', '--backend', backend, '--', ...args];
    const child = spawn(process.execPath, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const cap = (s, d) => (s.length > 200_000 ? s : s + d);
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout = cap(stdout, d)));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr = cap(stderr, d)));
    const start = Date.now();
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutS * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, seconds: (Date.now() - start) / 1000 });
    });
  });
}

/** The first line that says why (for the table), short. */
function detail(r, verdict) {
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const pick = verdict === 'PASS' ? lines.find((l) => /PASS|success|correct|OK/i.test(l)) : lines.find((l) => /FAIL|error|terminated|incorrect|mismatch|abort/i.test(l)) ?? lines[lines.length - 1];
  return (pick ?? '').replace(/\|/g, '/').slice(0, 140);
}

/** The markdown table of the rows of a --jsonl file (later rows of a program replace earlier ones). */
function markdown(rows) {
  const last = new Map(rows.map((r) => [r.name, r]));
  const lines = ['| program | verdict | s | arguments | detail |', '|---|---|---|---|---|'];
  for (const r of [...last.values()].sort((a, b) => a.name.localeCompare(b.name))) lines.push(`| ${r.name} | ${r.verdict} | ${r.seconds} | \`${r.args}\` | ${r.detail.replace(/\|/g, '/')} |`);
  return `${lines.join('\n')}\n`;
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--markdown') {
    const rows = fs.readFileSync(argv[1], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    process.stdout.write(markdown(rows));
    return;
  }
  let backend = 'msl-cpu';
  let timeoutS = 90;
  let jsonl;
  let outdir;
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--backend') backend = argv[++i];
    else if (a === '--timeout') timeoutS = Number(argv[++i]);
    else if (a === '--jsonl') jsonl = argv[++i];
    else if (a === '--outdir') outdir = argv[++i];
    else names.push(a);
  }
  const root = names.shift();
  if (!root || names.length === 0) {
    console.error('usage: node scripts/hecbench-runs.js <hecbench/src> NAME[=ARGS] ... [--backend B] [--timeout S] [--jsonl FILE]');
    process.exit(2);
  }
  for (const spec of names) {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const dir = path.join(root, name.endsWith('-cuda') ? name : `${name}-cuda`);
    const makefile = fs.existsSync(path.join(dir, 'Makefile')) ? fs.readFileSync(path.join(dir, 'Makefile'), 'utf8') : '';
    const listed = (makeVar(makefile, 'source') ?? '').split(/\s+/).filter((f) => /\.(cu|cpp|cc|c)$/.test(f) && fs.existsSync(path.join(dir, f)));
    const files = listed.length > 0 ? listed : fs.readdirSync(dir).filter((f) => f.endsWith('.cu')).sort();
    const args = (eq < 0 ? runArgs(makefile) : spec.slice(eq + 1)).split(/\s+/).filter(Boolean);
    const r = await run(dir, files, cflags(makefile), args, backend, timeoutS);
    if (outdir) {
      fs.mkdirSync(outdir, { recursive: true });
      fs.writeFileSync(path.join(outdir, `${name}.${backend}.out`), r.stdout);
      fs.writeFileSync(path.join(outdir, `${name}.${backend}.err`), r.stderr);
    }
    const verdict = classify(r);
    const row = { name: path.basename(dir), backend, verdict, seconds: Math.round(r.seconds), args: args.join(' '), exit: r.code, detail: detail(r, verdict) };
    console.log(`${row.name} ${verdict} ${row.seconds}s [${row.args}] | ${row.detail}`);
    if (jsonl) fs.appendFileSync(jsonl, `${JSON.stringify(row)}\n`);
  }
}

if (require.main === module) void main();
module.exports = { cflags, classify, makeVar, markdown, runArgs };
